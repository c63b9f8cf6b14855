using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>
/// The enrollment form. Rows are added and removed by plain submit buttons, so it works without JavaScript
/// (<c>partner.js</c> only makes it quicker); nothing typed is lost by adding, removing or a failed submit.
/// </summary>
public sealed class EnrollmentModel(PartnerEnrollment enrollment) : PartnerPageModel
{
    public const string Api = "api";
    public const string Codex = "codex";
    public const string Emails = "emails";

    [BindProperty]
    public EnrollmentInput Input { get; set; } = new();

    public EnrollmentDraft Draft { get; private set; } = null!;

    /// <summary>The field to focus after a row was added or removed.</summary>
    public string? FocusField { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken)) return NotFound();
        Input = EnrollmentInput.From(Draft.Values);
        Input.EnsureRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken)) return NotFound();
        // Only a hand-made request gets past the form with a value the binder cannot read (a surface "Foo"): refuse it as it is.
        if (!ModelState.IsValid)
        {
            Input.EnsureRows();
            return Page();
        }

        var outcome = await enrollment.SubmitAsync(OrganizationId, CurrentUserId ?? Guid.Empty, Input.ToInput(), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"Enrollment submitted. {PartnerStatus.EnrollmentIsNotAccess} Each surface you requested is reviewed separately, and access is enabled on a rolling basis.");
            return RedirectToPage("/Status");
        }

        if (Failure(outcome) is { } refused) return refused;
        Input.EnsureRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAddRowAsync(string? list, CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken)) return NotFound();
        var rows = Input.Rows(list);
        if (rows is not null && rows.Count < MaxRows(list))
        {
            rows.Add(string.Empty);
            FocusField = $"Input.{Input.FieldName(list)}[{rows.Count - 1}]";
        }

        return Redisplay();
    }

    public async Task<IActionResult> OnPostRemoveRowAsync(string? list, int index, CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken)) return NotFound();
        var rows = Input.Rows(list);
        if (rows is not null && index >= 0 && index < rows.Count)
        {
            rows.RemoveAt(index);
            Input.EnsureRows();
            FocusField = $"Input.{Input.FieldName(list)}[{Math.Min(index, rows.Count - 1)}]";
        }

        return Redisplay();
    }

    public static int MaxRows(string? list) => list == Emails ? EnrollmentSubmission.MaxAccountEmails : EnrollmentSubmission.MaxIdentifiersPerSurface;

    /// <summary>Adding or removing a row is not a submission: the form comes back as typed, without errors.</summary>
    private PageResult Redisplay()
    {
        // Inputs render what was posted before what the model holds; the rows moved, so the posted values must go.
        ModelState.Clear();
        Input.EnsureRows();
        return Page();
    }

    private async Task<bool> LoadDraftAsync(CancellationToken cancellationToken)
    {
        var draft = await enrollment.DraftAsync(OrganizationId, CurrentUserEmail, cancellationToken);
        if (draft is null) return false;
        Draft = draft;
        return true;
    }

    public sealed class EnrollmentInput
    {
        public string? LegalName { get; set; }

        public string? Country { get; set; }

        public List<Surface> Surfaces { get; set; } = [];

        public List<string?> ApiOrganizationIds { get; set; } = [];

        public List<string?> CodexWorkspaceIds { get; set; } = [];

        public List<string?> AccountEmails { get; set; } = [];

        public string? IntendedUse { get; set; }

        public bool? CustomerFacing { get; set; }

        public bool TermsAccepted { get; set; }

        public static EnrollmentInput From(PartnerEnrollmentInput values) => new()
        {
            LegalName = values.LegalName,
            Country = values.Country,
            Surfaces = [.. values.Surfaces],
            ApiOrganizationIds = [.. values.ApiOrganizationIds],
            CodexWorkspaceIds = [.. values.CodexWorkspaceIds],
            AccountEmails = [.. values.AccountEmails],
            IntendedUse = values.IntendedUse,
            CustomerFacing = values.CustomerFacing,
            TermsAccepted = values.TermsAccepted,
        };

        public PartnerEnrollmentInput ToInput() => new(LegalName, Country, Surfaces, ApiOrganizationIds, CodexWorkspaceIds, AccountEmails,
            IntendedUse, CustomerFacing, TermsAccepted);

        public List<string?>? Rows(string? list) => list switch
        {
            Api => ApiOrganizationIds,
            Codex => CodexWorkspaceIds,
            Emails => AccountEmails,
            _ => null,
        };

        public string FieldName(string? list) => list switch
        {
            Api => nameof(ApiOrganizationIds),
            Codex => nameof(CodexWorkspaceIds),
            _ => nameof(AccountEmails),
        };

        /// <summary>Every list shows at least one row to type in.</summary>
        public void EnsureRows()
        {
            if (ApiOrganizationIds.Count == 0) ApiOrganizationIds.Add(string.Empty);
            if (CodexWorkspaceIds.Count == 0) CodexWorkspaceIds.Add(string.Empty);
            if (AccountEmails.Count == 0) AccountEmails.Add(string.Empty);
        }
    }
}
