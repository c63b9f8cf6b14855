using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Pages;

/// <summary>
/// What every page of the portal does the same way: who is signed in, the message shown after a redirect, and the one
/// way a use case that did not succeed (<see cref="Outcome{T}"/>) shows on the page.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    private const string NotPossibleNow = "This change is not possible now.";

    /// <summary>The signed-in person; null on a page open to anyone, before sign-in.</summary>
    protected Guid? CurrentUserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    protected string CurrentUserEmail => User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? string.Empty;

    protected string CurrentUserDisplayName => User.FindFirstValue(PortalClaims.DisplayName) ?? CurrentUserEmail;

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public bool IsAccountRep => User.IsInRole(Roles.AccountRep);

    public bool IsStaff => Roles.StaffRoles.Any(User.IsInRole);

    /// <summary>
    /// The organization a partner signed in for, read from their sign-in and never from the URL, so that no address can
    /// show them another's; null for staff.
    /// </summary>
    protected Guid? PartnerOrganizationId =>
        User.IsInRole(Roles.Partner) && Guid.TryParse(User.FindFirstValue(PortalClaims.OrganizationId), out var id) ? id : null;

    /// <summary>A message for the page the person is redirected to (the layout shows it once).</summary>
    protected void Flash(string message) => TempData["Flash"] = message;

    /// <summary>Not found → 404; forbidden (<see cref="Features.Authorization.ProgramRules"/>) → the access-denied page; else null.</summary>
    protected IActionResult? Refused<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.NotFound => NotFound(),
            // The sign-in cookie's access-denied page, as for any page the person's role does not open.
            OutcomeKind.Forbidden => Forbid(),
            _ => null,
        };
    }

    /// <summary>
    /// The one way a refusal shows on a page. Not found → 404 and forbidden → the access-denied page, returned for the
    /// handler to return. Invalid → each error next to the field it names (<see cref="FormFieldOf"/>); conflict → its
    /// message at the top of the form, led by "someone else changed this" when the version the person saw
    /// (<paramref name="seenVersion"/>) is no longer <paramref name="currentVersion"/>. For those two it returns null: the
    /// handler draws the form again with what was typed.
    /// </summary>
    /// <param name="prefix">The bound property the form's fields are under (<c>Input</c>), or empty for fields bound on the page itself.</param>
    /// <param name="fieldNames">Error keys the page shows under another name of its own (<c>text</c> → <c>Note</c>).</param>
    /// <param name="toSummary">Error keys shown at the top of the form although the form has the field.</param>
    protected IActionResult? Failure<T>(Outcome<T> outcome, string prefix = "Input", int? seenVersion = null, int? currentVersion = null,
        IReadOnlyDictionary<string, string>? fieldNames = null, params string[] toSummary)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(prefix);
        switch (outcome.Kind)
        {
            case OutcomeKind.NotFound:
            case OutcomeKind.Forbidden:
                return Refused(outcome);
            case OutcomeKind.Invalid:
                foreach (var (field, messages) in outcome.Errors)
                {
                    var key = toSummary.Contains(field, StringComparer.Ordinal) ? string.Empty
                        : fieldNames?.GetValueOrDefault(field) ?? FormFieldOf(field, prefix);
                    foreach (var message in messages) ModelState.AddModelError(key, message);
                }

                return null;
            case OutcomeKind.Conflict:
                ModelState.AddModelError(string.Empty, seenVersion is { } seen ? ConflictMessage(outcome, seen, currentVersion) : outcome.Message ?? NotPossibleNow);
                return null;
            default:
                throw new InvalidOperationException("A success is not a failure.");
        }
    }

    /// <summary>
    /// A versioned form the use case refused: the errors go on the form (a refusal page for not-found/forbidden), and the
    /// form is shown again with what was typed against the version that is current now, so that a second submit is judged
    /// on what the person has now seen, not silently over someone else's change.
    /// </summary>
    protected IActionResult ShowAgainAtCurrentVersion<T>(Outcome<T> outcome, int seenVersion, int currentVersion, Action<int> setVersion, params string[] toSummary)
    {
        ArgumentNullException.ThrowIfNull(setVersion);
        if (Failure(outcome, seenVersion: seenVersion, currentVersion: currentVersion, toSummary: toSummary) is { } refused) return refused;
        ModelState.Remove("Input.Version");
        setVersion(currentVersion);
        return Page();
    }

    /// <summary>
    /// Where a use case's error key (the request's field in camelCase) shows on this form: <c>legalName</c> →
    /// <c>Input.LegalName</c>; <c>apiOrganizationIds[1]</c> → <c>Input.ApiOrganizationIds[1]</c> when the form sent that
    /// row as a field of its own, else the list, <c>Input.ApiOrganizationIds</c> (a list of checkboxes shows its errors
    /// once, under the list). A key the form has no field for (none of its bound properties, nor in their metadata)
    /// goes to the top of the form, where the person sees it.
    /// </summary>
    private string FormFieldOf(string field, string prefix)
    {
        if (field.Length == 0) return string.Empty;
        var path = string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        var key = prefix.Length == 0 ? path : $"{prefix}.{path}";
        if (!FormHas(key)) return string.Empty;
        var row = key.IndexOf('[', StringComparison.Ordinal);
        return row < 0 || ModelState.ContainsKey(key) ? key : key[..row];
    }

    /// <summary>Whether <paramref name="key"/> (<c>Input.ApiOrganizationIds[1]</c>) names a field under one of the page's bound properties.</summary>
    private bool FormHas(string key)
    {
        var parts = key.Split('.');
        var bound = PageContext.ActionDescriptor.BoundProperties.FirstOrDefault(p => p.Name == WithoutRow(parts[0]));
        if (bound is null) return false;
        ModelMetadata? metadata = MetadataProvider.GetMetadataForType(bound.ParameterType);
        if (parts[0].Contains('[', StringComparison.Ordinal)) metadata = metadata.ElementMetadata;
        foreach (var part in parts.Skip(1))
        {
            metadata = metadata?.Properties[WithoutRow(part)];
            if (part.Contains('[', StringComparison.Ordinal)) metadata = metadata?.ElementMetadata;
            if (metadata is null) return false;
        }

        return metadata is not null;

        static string WithoutRow(string part) => part.IndexOf('[', StringComparison.Ordinal) is var row and >= 0 ? part[..row] : part;
    }

    /// <summary>
    /// A conflict in plain words. When the thing changed since the person loaded the form, they are told that first:
    /// someone else got there before them, and the rule's own sentence follows.
    /// </summary>
    private static string ConflictMessage<T>(Outcome<T> outcome, int seenVersion, int? currentVersion)
    {
        var message = outcome.Message ?? NotPossibleNow;
        if (message == Outcome.ChangedMeanwhile || currentVersion is null || currentVersion == seenVersion) return message;
        return $"{Outcome.ChangedMeanwhile} ({message})";
    }
}
