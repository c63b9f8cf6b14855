using Microsoft.AspNetCore.Mvc.ModelBinding;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Areas.Admin;

/// <summary>Puts a use case's field errors next to the page's own fields.</summary>
public static class OutcomeMapping
{
    /// <summary>
    /// <c>name</c> → <c>Input.Name</c>; <c>identifiers[2]</c> → <c>Input.Identifiers</c> (a list of checkboxes shows
    /// its errors once, under the list). An empty key, or one named in <paramref name="toSummary"/>, goes to the top of the form.
    /// </summary>
    public static void AddOutcomeErrors(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors, string prefix = "Input", params string[] toSummary)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, messages) in errors)
        {
            var key = field.Length == 0 || toSummary.Contains(field, StringComparer.Ordinal) ? string.Empty : FieldKey(prefix, field);
            foreach (var message in messages) modelState.AddModelError(key, message);
        }
    }

    public static string FieldKey(string prefix, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var path = bracket >= 0 ? field[..bracket] : field;
        var pascal = string.Join('.', path.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return string.IsNullOrEmpty(prefix) ? pascal : $"{prefix}.{pascal}";
    }

    /// <summary>
    /// A conflict in plain words. When the thing changed since the person loaded the form, they are told that first:
    /// someone else got there before them, and the rule's own sentence follows.
    /// </summary>
    public static string ConflictMessage<T>(Outcome<T> outcome, int seenVersion, int? currentVersion)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var message = outcome.Message ?? "This change is not possible now.";
        if (message == Outcome.ChangedMeanwhile || currentVersion is null || currentVersion == seenVersion) return message;
        return $"{Outcome.ChangedMeanwhile} ({message})";
    }
}
