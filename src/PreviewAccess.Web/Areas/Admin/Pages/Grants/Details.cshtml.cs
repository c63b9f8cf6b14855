using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Grants;

namespace PreviewAccess.Web.Areas.Admin.Pages.Grants;

/// <summary>One grant: suspend, reinstate or revoke it with a reason, or give the second approval.</summary>
public sealed class DetailsModel(GrantDetails details, GrantChanges changes) : AdminPageModel
{
    public const string Suspend = "suspend";
    public const string Reinstate = "reinstate";
    public const string Revoke = "revoke";

    [BindProperty]
    public ChangeInput Input { get; set; } = new();

    public GrantDetailsView Grant { get; private set; } = null!;

    public bool IsFirstApprover => Grant.ApprovedById == CurrentUserId;

    /// <summary>Changes to this grant are for its organization's representative and admins (<see cref="ProgramRules"/>).</summary>
    public bool InPortfolio => May(ProgramAction.SuspendGrant, Grant.OrganizationId, Grant.AccountRepId);

    /// <summary>The changes the grant's status allows now, to this person.</summary>
    public IReadOnlyList<(string Value, string Label)> Changes => !InPortfolio ? [] : Grant.Status switch
    {
        GrantStatus.Suspended => [(Reinstate, "Reinstate"), (Revoke, "Revoke")],
        GrantStatus.Revoked or GrantStatus.Expired => [],
        _ => [(Suspend, "Suspend"), (Revoke, "Revoke")],
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input.Version = Grant.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var input = new GrantReasonInput(id, Input.Reason ?? string.Empty, Input.Version);
        Outcome<Features.Organizations.GrantView> outcome;
        switch (Input.Change)
        {
            case Suspend: outcome = await changes.SuspendAsync(input, cancellationToken); break;
            case Reinstate: outcome = await changes.ReinstateAsync(input, cancellationToken); break;
            case Revoke: outcome = await changes.RevokeAsync(input, cancellationToken); break;
            default:
                ModelState.AddModelError("Input.Change", "Choose what to do with the grant.");
                return Page();
        }

        if (outcome.Succeeded)
        {
            Flash(Input.Change switch
            {
                Suspend => $"The grant for {Grant.Identifier} was suspended.",
                Reinstate => $"The grant for {Grant.Identifier} was reinstated.",
                _ => $"The grant for {Grant.Identifier} was revoked.",
            });
            return RedirectToPage(new { id });
        }

        return ShowAgainAtCurrentVersion(outcome, Input.Version, Grant.Version, version => Input.Version = version);
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await changes.ConfirmSecondApprovalAsync(id, cancellationToken);
        if (Refused(outcome) is { } refused) return refused;
        if (outcome.Succeeded) Flash("Second approval recorded. The grant is approved — not yet enabled: a rollout wave enables it.");
        else Problem($"The second approval was not recorded: {outcome.Message}");
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var grant = await details.GetAsync(id, cancellationToken);
        if (grant is null) return false;
        Grant = grant;
        return true;
    }

    public sealed class ChangeInput
    {
        [Display(Name = "Change")]
        public string? Change { get; set; }

        [Display(Name = "Reason")]
        public string? Reason { get; set; }

        public int Version { get; set; }
    }
}
