using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.ReviewThreads;

namespace PreviewAccess.Web.Areas.Admin.Pages.Review;

/// <summary>
/// One amendment, reviewed as a delta: per surface, the organization's scope now and after (identifiers, models, account
/// emails, renewals), decided surface by surface — approve (identifiers, models, emails, expiry), decline (with a message
/// for the partner beside the internal justification) or ask for more information — and its conversation with the partner.
/// </summary>
public sealed class AmendmentModel(AmendmentQueries amendments, OrganizationQueries organizations, PartnerAmendments choices,
    DecideAmendment decide, ReviewThreadQueries threads, WriteInThread write) : AdminPageModel
{
    [BindProperty]
    public AmendmentDecisionInput Input { get; set; } = new();

    [BindProperty]
    public string? Message { get; set; }

    public AmendmentView Amendment { get; private set; } = null!;

    public OrganizationView Organization { get; private set; } = null!;

    public IReadOnlyList<AmendmentChoice> Models { get; private set; } = [];

    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    public IEnumerable<Surface> Undecided => Amendment.Surfaces.Where(s => Amendment.Decisions.LastOrDefault(d => d.Surface == s)?.Decision is not ("Approve" or "Decline"));

    /// <summary>Identifiers the approval of <paramref name="surface"/> can name: everything the scope would hold after it.</summary>
    public IReadOnlyList<string> IdentifiersFor(Surface surface) => Amendment.Changes.Single(c => c.Surface == surface).After.Identifiers;

    public IReadOnlyList<string> EmailsFor(Surface surface) => Amendment.Changes.Single(c => c.Surface == surface).After.AccountEmails;

    public async Task<IActionResult> OnGetAsync(Guid id, Surface? surface, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (!May(ProgramAction.DecideAmendment, Organization)) return Forbid();
        var first = surface is { } s && Undecided.Contains(s) ? s : Undecided.Cast<Surface?>().FirstOrDefault();
        Input = new AmendmentDecisionInput { Surface = first, Version = Amendment.Version };
        if (first is { } chosen)
        {
            var after = Amendment.Changes.Single(c => c.Surface == chosen).After;
            Input.Identifiers = [.. after.Identifiers];
            Input.Models = [.. after.Models];
            Input.AccountEmails = [.. after.AccountEmails];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (Input.Surface is not { } surface) ModelState.AddModelError("Input.Surface", "Choose the surface to decide.");
        if (Input.Decision is null) RefuseMissingDecision(Input.Justification);
        if (!ModelState.IsValid) return Page();

        var approving = Input.Decision == DecisionOutcome.Approve;
        var outcome = await decide.HandleAsync(new SurfaceDecisionInput(id, Input.Surface!.Value, Input.Decision!.Value,
            approving ? Input.Identifiers : [], approving ? Input.Models : [], approving ? Input.AccountEmails : [],
            Input.Justification ?? string.Empty, approving ? Input.ExpiresOn : null, Input.Version,
            Input.Decision == DecisionOutcome.Decline ? Input.PartnerMessage : null), cancellationToken);
        if (outcome.Succeeded)
        {
            var name = Input.Surface.Value.DisplayName();
            Flash(Input.Decision switch
            {
                DecisionOutcome.Approve => $"{name} approved for {Organization.Name}: {Vocabulary.Plural(outcome.Value!.Count, "grant")} created, widened or renewed. New and renewed grants are not enabled yet — a rollout wave enables them.",
                DecisionOutcome.Decline => $"{name} declined for {Organization.Name}. The partner was sent your message.",
                _ => $"The amendment of {Organization.Name} was sent back to the partner with your question.",
            });
            return RedirectToPage(new { id });
        }

        return ShowAgainAtCurrentVersion(outcome, Input.Version, Amendment.Version, version => Input.Version = version);
    }

    /// <summary>A reviewer's message in the amendment's conversation, mailed to the partner; it decides nothing.</summary>
    public async Task<IActionResult> OnPostMessageAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var outcome = await write.HandleAsync(new WriteInThreadInput(Organization.Id, id, Message), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Your message was sent to the partner.");
            return RedirectToPage(new { id });
        }

        if (Failure(outcome, prefix: string.Empty, fieldNames: new Dictionary<string, string> { ["body"] = nameof(Message) }) is { } refused) return refused;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var amendment = await amendments.GetAsync(id, cancellationToken);
        if (amendment is null) return false;
        var organization = await organizations.GetAsync(amendment.OrganizationId, cancellationToken);
        if (organization is null) return false;
        (Amendment, Organization) = (amendment, organization);
        Models = (await choices.ChoicesAsync(organization.Id, cancellationToken)).Models;
        Thread = await threads.GetAsync(organization.Id, id, cancellationToken);
        return true;
    }

    public sealed class AmendmentDecisionInput
    {
        [Display(Name = "Surface")]
        public Surface? Surface { get; set; }

        [Display(Name = "Decision")]
        public DecisionOutcome? Decision { get; set; }

        public List<string> Identifiers { get; set; } = [];

        public List<string> Models { get; set; } = [];

        public List<string> AccountEmails { get; set; } = [];

        [Display(Name = "Expires on (optional)")]
        [DataType(DataType.Date)]
        public DateOnly? ExpiresOn { get; set; }

        [Display(Name = "Justification (internal)")]
        public string? Justification { get; set; }

        [Display(Name = "Message to the partner (when declining)")]
        public string? PartnerMessage { get; set; }

        public int Version { get; set; }
    }
}
