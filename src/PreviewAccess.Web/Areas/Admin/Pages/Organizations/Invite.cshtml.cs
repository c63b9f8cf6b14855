using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>Sends an invitation to one contact. A pending one is replaced; the link travels only in the mail.</summary>
public sealed class InviteModel(InvitationSender invitations, OrganizationQueries organizations) : AdminPageModel
{
    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        if (!May(ProgramAction.SendInvitation, organization)) return Forbid();
        Organization = organization;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        Organization = organization;

        var outcome = await invitations.SendAsync(new SendInvitationInput(id, Input.Email ?? string.Empty), cancellationToken);
        if (outcome.Succeeded)
        {
            var sent = outcome.Value!.Invitation;
            Flash($"Invitation sent to {sent.Email}. Its link works once and expires on {Vocabulary.Day(sent.ExpiresAt)}.");
            return RedirectToPage("Details", new { id });
        }

        return Failure(outcome) ?? Page();
    }

    public sealed class InviteInput
    {
        [Display(Name = "Contact's email")]
        public string? Email { get; set; }
    }
}
