using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner.Pages.Support;

/// <summary>A technical support case with the fields the notice asks for.</summary>
public sealed class OpenModel(PartnerSupportCases cases, PartnerSnapshots snapshots) : PartnerPageModel
{
    [BindProperty]
    public OpenCaseInput Input { get; set; } = new();

    /// <summary>The organization's own identifiers, offered as suggestions.</summary>
    public IReadOnlyList<string> KnownIdentifiers { get; private set; } = [];

    /// <summary>Whether a grant of the organization is enabled: only then is a technical issue with confirmed access offered.</summary>
    public bool HasConfirmedAccess { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? identifier, string? email, SupportCaseCategory? category, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return NotFound();
        Input = new OpenCaseInput
        {
            Identifier = identifier is { Length: <= 64 } ? identifier : null,
            Email = email is { Length: <= 254 } ? email : CurrentUserEmail,
            Category = category is { } c && Enum.IsDefined(c) && (c != SupportCaseCategory.TechnicalIssue || HasConfirmedAccess) ? c : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var outcome = await cases.OpenAsync(OrganizationId, CurrentUserId ?? Guid.Empty,
            new PartnerSupportCaseInput(Input.Category, Input.Surfaces, Input.Identifier, Input.Email, Input.ErrorMessage, Input.RequestId, Input.OccurredAtUtc,
                Input.CodexWorkspaceId),
            cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Your support case is open. Support will contact you at the account email you gave.");
            return RedirectToPage("/Support/Case", new { id = outcome.Value });
        }

        return Failure(outcome) ?? Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(OrganizationId, cancellationToken);
        if (snapshot is null) return false;
        HasConfirmedAccess = await cases.HasConfirmedAccessAsync(OrganizationId, cancellationToken);
        KnownIdentifiers = [.. (snapshot.Organization.Enrollment?.Identifiers.Select(i => i.Value) ?? []).Union(snapshot.Grants.Select(g => g.Identifier), StringComparer.Ordinal)];
        return true;
    }

    public sealed class OpenCaseInput
    {
        public SupportCaseCategory? Category { get; set; }

        public AffectedSurfaces? Surfaces { get; set; }

        public string? Identifier { get; set; }

        /// <summary>When it happens in both: the Codex workspace ID, <see cref="Identifier"/> being the API organization ID.</summary>
        public string? CodexWorkspaceId { get; set; }

        public string? Email { get; set; }

        public string? ErrorMessage { get; set; }

        public string? RequestId { get; set; }

        /// <summary>Maps the use case's <c>occurredAtUtc</c> errors onto this field by name.</summary>
        public DateTime? OccurredAtUtc { get; set; }
    }
}
