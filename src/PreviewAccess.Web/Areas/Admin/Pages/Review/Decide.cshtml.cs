using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.Settings;

namespace PreviewAccess.Web.Areas.Admin.Pages.Review;

/// <summary>
/// Decides one requested surface: approve (identifiers, models, account emails, optional expiry), decline, or ask for
/// more information. Every decision needs a justification. The form carries the version the reviewer saw: when someone
/// else decided first, this one is refused and told so.
/// </summary>
public sealed class DecideModel(RecordDecision decisions, OrganizationQueries organizations, PortalDbContext db, ProgramSettingsQueries settings) : AdminPageModel
{
    [BindProperty]
    public DecisionInput Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public Surface Surface { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Models { get; private set; } = [];

    /// <summary>The program's setting when the page was drawn; whether the grants wait is what the decision itself reports.</summary>
    public bool RequiresSecondApproval { get; private set; }

    public IReadOnlyList<string> Identifiers => Surface == Surface.Api ? Organization.Enrollment!.ApiOrganizationIds : Organization.Enrollment!.CodexWorkspaceIds;

    public DecisionView? LatestDecision => Organization.Enrollment?.Decisions.LastOrDefault(d => d.Surface == Surface);

    public bool AlreadyDecided => LatestDecision is { Decision: "Approve" or "Decline" };

    public async Task<IActionResult> OnGetAsync(Guid id, string surface, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, surface, cancellationToken)) return NotFound();
        if (!May(ProgramAction.RecordDecision, Organization)) return Forbid();
        Input = new DecisionInput
        {
            Identifiers = [.. Identifiers],
            Models = [.. Models.Select(m => m.Id)],
            AccountEmails = [.. Organization.Enrollment!.AccountEmails],
            Version = Organization.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string surface, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, surface, cancellationToken)) return NotFound();
        if (Input.Decision is not { } decision)
        {
            RefuseMissingDecision(Input.Justification);
            return Page();
        }

        var approving = decision == DecisionOutcome.Approve;

        var outcome = await decisions.HandleAsync(new SurfaceDecisionInput(
            id,
            Surface,
            decision,
            approving ? Input.Identifiers : [],
            approving ? Input.Models : [],
            approving ? Input.AccountEmails : [],
            Input.Justification ?? string.Empty,
            approving ? Input.ExpiresOn : null,
            Input.Version,
            decision == DecisionOutcome.Decline ? Input.PartnerMessage : null), cancellationToken);

        if (outcome.Succeeded)
        {
            var name = Organization.Name;
            Flash(decision switch
            {
                DecisionOutcome.Approve when outcome.Value!.Any(g => g.Status == GrantStatus.PendingSecondApproval) =>
                    $"{Surface.DisplayName()} approved for {name}: {Vocabulary.Plural(outcome.Value!.Count, "grant")} waiting for a second approver. Nothing is enabled yet.",
                DecisionOutcome.Approve =>
                    $"{Surface.DisplayName()} approved for {name}: {Vocabulary.Plural(outcome.Value!.Count, "grant")}, not yet enabled — a rollout wave enables them.",
                DecisionOutcome.Decline => $"{Surface.DisplayName()} declined for {name}. The partner was told.",
                _ => $"The enrollment of {name} was sent back to the partner with your message.",
            });
            return RedirectToPage("Index");
        }

        var current = await organizations.GetAsync(id, cancellationToken);
        if (current is null) return NotFound();
        // The reviewer now sees the current state; their typed justification and choices stay.
        Organization = current;
        return ShowAgainAtCurrentVersion(outcome, Input.Version, current.Version, version => Input.Version = version);
    }

    private async Task<bool> LoadAsync(Guid id, string surface, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Surface>(surface, ignoreCase: true, out var parsed) || !parsed.IsInPreview() || int.TryParse(surface, out _)) return false;
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization?.Enrollment is null || !organization.Enrollment.Surfaces.Contains(parsed)) return false;
        Organization = organization;
        Surface = parsed;
        Models = (await db.Models.AsNoTracking().OrderByDescending(m => m.InputPerMillion).Select(m => new { m.ModelId, m.Name }).ToListAsync(cancellationToken))
            .Select(m => (m.ModelId, m.Name)).ToList();
        RequiresSecondApproval = await settings.RequireSecondApprovalAsync(cancellationToken);
        return true;
    }

    public sealed class DecisionInput
    {
        [Display(Name = "Decision")]
        public DecisionOutcome? Decision { get; set; }

        [Display(Name = "Identifiers to approve")]
        public List<string> Identifiers { get; set; } = [];

        [Display(Name = "Models")]
        public List<string> Models { get; set; } = [];

        [Display(Name = "Approved account emails")]
        public List<string> AccountEmails { get; set; } = [];

        [Display(Name = "Expires on (optional)")]
        [DataType(DataType.Date)]
        public DateOnly? ExpiresOn { get; set; }

        [Display(Name = "Justification")]
        public string? Justification { get; set; }

        [Display(Name = "Message to the partner (for a decline)")]
        public string? PartnerMessage { get; set; }

        public int Version { get; set; }
    }
}
