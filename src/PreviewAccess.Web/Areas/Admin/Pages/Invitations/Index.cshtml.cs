using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Invitations;

/// <summary>Every invitation with its state; resend (a new link, the old one dies) and revoke.</summary>
public sealed class IndexModel(InvitationList invitations, InvitationSender sender) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public InvitationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public InvitationPage Invitations { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Invitations = await invitations.ListAsync(new InvitationFilter(Status, Mine ? CurrentUserId : null, Email), After, cancellationToken);

    public async Task<IActionResult> OnPostResendAsync(Guid invitationId, string? returnUrl, CancellationToken cancellationToken)
    {
        var outcome = await sender.ResendAsync(invitationId, cancellationToken);
        if (Refused(outcome) is { } refused) return refused;
        if (outcome.Succeeded) Flash($"A new invitation was sent to {outcome.Value!.Invitation.Email}. The earlier link no longer works; the new one expires on {Vocabulary.Day(outcome.Value.Invitation.ExpiresAt)}.");
        else Problem($"The invitation was not resent: {outcome.Message}");
        return Back(returnUrl);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, string? returnUrl, CancellationToken cancellationToken)
    {
        var outcome = await sender.RevokeAsync(invitationId, cancellationToken);
        if (Refused(outcome) is { } refused) return refused;
        if (outcome.Succeeded) Flash($"The invitation to {outcome.Value!.Email} was revoked: its link no longer works.");
        else Problem($"The invitation was not revoked: {outcome.Message}");
        return Back(returnUrl);
    }

    private IActionResult Back(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();

    public Dictionary<string, string> RouteWith(string? after) => new Dictionary<string, string?>
    {
        ["status"] = Status?.ToString(),
        ["mine"] = Mine ? "true" : null,
        ["email"] = Email,
        ["after"] = after,
    }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value!);
}
