using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages;

/// <summary>
/// "Why can't they access it?": the access decision on the notice's ticket fields, as the gateway gives it, and beneath it
/// what the portal knows about the organization and grant it concerns. A GET form: nothing changes.
/// </summary>
public sealed class DiagnoseModel(CheckAccess check, PortalDbContext db, TimeProvider clock) : PortalPageModel
{
    /// <summary>How much of a value the form did not recognise is shown back.</summary>
    private const int MaxEchoLength = 60;

    public static IReadOnlyList<string> SurfaceNames { get; } = [nameof(Domain.Catalog.Surface.Api), nameof(Domain.Catalog.Surface.Codex), nameof(Domain.Catalog.Surface.ChatGPT)];

    [BindProperty(SupportsGet = true)]
    public string? Surface { get; set; } = "Api";

    [BindProperty(SupportsGet = true)]
    public string? Identifier { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Model { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Country { get; set; }

    public IReadOnlyList<string> Models { get; private set; } = [];

    public AccessAnswer? Answer { get; private set; }

    public AccessExplanation? Explanation { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The email to look up when the check could not run for want of an identifier.</summary>
    public string? LookupEmail { get; private set; }

    /// <summary>A surface the form does not offer, shown as the selected (and invalid) choice rather than hidden behind a valid one.</summary>
    public string? UnknownSurface => Surface is { } s && !SurfaceNames.Contains(s, StringComparer.Ordinal) ? Echo(s) : null;

    /// <summary>A model the catalog does not have, shown as the selected (and invalid) choice.</summary>
    public string? UnknownModel => Model is { } m && !Models.Contains(m, StringComparer.Ordinal) ? Echo(m) : null;

    public bool HasError(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Models = await db.Models.AsNoTracking().OrderBy(m => m.ModelId).Select(m => m.ModelId).ToListAsync(cancellationToken);
        Model ??= Models.Count > 0 ? Models[0] : null;
        if (string.IsNullOrWhiteSpace(Identifier) && string.IsNullOrWhiteSpace(Email)) return Page();

        var outcome = await check.HandleAsync(new CheckAccessInput(Surface, Identifier, Email, Model, Country), cancellationToken);
        if (outcome is { Succeeded: true, Value: { } answer })
        {
            Answer = answer;
            Explanation = await ExplainAsync(answer, cancellationToken);
            return Page();
        }

        // The form's fields are the page's own: surface → Surface.
        if (Failure(outcome, prefix: string.Empty) is { } refused) return refused;

        // The check needs an identifier; support often has only the email from the ticket: the lookup finds the identifiers.
        if (string.IsNullOrWhiteSpace(Identifier) && EmailAddress.IsValid(Email)) LookupEmail = EmailAddress.Normalize(Email!);
        return Page();
    }

    private async Task<AccessExplanation> ExplainAsync(AccessAnswer answer, CancellationToken cancellationToken)
    {
        // The check accepted these fields, so each parses; the explanation reads them as the decision did.
        var request = new DiagnosedRequest(ExactNames.TryParse<Surface>(Surface, out var surface) ? surface : Domain.Catalog.Surface.Api,
            Identifier!.Trim(), EmailAddress.Normalize(Email!), Model!.Trim(), string.IsNullOrEmpty(Country) ? null : Country);
        var organization = answer.OrganizationId is { } id ? await SupportScopeQuery.GetAsync(db, id, Now, cancellationToken) : null;
        return AccessExplanation.For(answer, request, organization, Now);
    }

    private static string Echo(string value) => value.Length <= MaxEchoLength ? value : value[..MaxEchoLength] + "…";
}
