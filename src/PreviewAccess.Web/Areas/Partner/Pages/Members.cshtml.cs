using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Members;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>
/// The organization's team: every member sees who signs in for the organization; the owner invites colleagues,
/// withdraws an unused invitation and removes a member (after confirming). The organization is the signed-in
/// partner's own; the ids in the forms are looked up inside it only.
/// </summary>
public sealed class MembersModel(PartnerTeam team, ColleagueInvitations invitations, RemoveColleague removal, IOptions<ProgramOptions> program) : PartnerPageModel
{
    [BindProperty]
    public InviteInput Input { get; set; } = new();

    /// <summary>The member the owner asked to remove: the page asks them to confirm.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Remove { get; set; }

    public TeamView Team { get; private set; } = null!;

    public bool MayManage { get; private set; }

    public MemberView? ToRemove { get; private set; }

    public Guid SignedInUserId => CurrentUserId ?? Guid.Empty;

    public int LinkLifetimeDays => program.Value.InvitationLifetimeDays;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return NotFound();
        if (Remove is { } memberId)
        {
            if (!MayManage) return Forbid();
            ToRemove = Team.Members.FirstOrDefault(m => m.UserId == memberId && !m.IsOwner);
            if (ToRemove is null) return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken) =>
        await AfterAsync(await invitations.SendAsync(OrganizationId, Input.Email, cancellationToken),
            sent => $"Invitation sent to {sent.Invitation.Email}. The link works once, until {Vocabulary.Day(sent.Invitation.ExpiresAt)}.", cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken) =>
        await AfterAsync(await invitations.RevokeAsync(OrganizationId, invitationId, cancellationToken),
            email => $"The invitation to {email} was withdrawn: its link no longer works.", cancellationToken);

    public async Task<IActionResult> OnPostRemoveAsync(Guid memberId, CancellationToken cancellationToken) =>
        await AfterAsync(await removal.RemoveAsync(OrganizationId, memberId, cancellationToken),
            name => $"{name} was removed: they are signed out and can no longer sign in for your organization.", cancellationToken);

    /// <summary>Success: the flash message and back to the team (post-redirect-get). Otherwise the team again with the refusal.</summary>
    private async Task<IActionResult> AfterAsync<T>(Outcome<T> outcome, Func<T, string> done, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            Flash(done(outcome.Value!));
            return RedirectToPage();
        }

        return await RefusedAsync(outcome, cancellationToken);
    }

    private async Task<IActionResult> RefusedAsync<T>(Outcome<T> outcome, CancellationToken cancellationToken)
    {
        if (Failure(outcome) is { } refused) return refused;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await team.LoadAsync(OrganizationId, cancellationToken);
        if (loaded is null) return false;
        Team = loaded;
        MayManage = await team.MayManageAsync(OrganizationId, cancellationToken);
        return true;
    }

    public sealed class InviteInput
    {
        public string? Email { get; set; }
    }
}
