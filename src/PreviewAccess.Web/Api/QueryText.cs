using PreviewAccess.Domain.Common;

namespace PreviewAccess.Web.Api;

/// <summary>
/// Free text from a query string (a list's <c>q</c>) through the one rule for text (<see cref="InputText"/>), as the
/// bodies' strings go through <see cref="NormalizedTextConverter"/>. A refused text is an error on its parameter, never
/// a search: SQLite would end the text at a NUL and match every row.
/// </summary>
public static class QueryText
{
    /// <returns>The normalised text (null when absent); null too when refused or too long, with the error added to <paramref name="errors"/>.</returns>
    public static string? Read(string? value, string parameter, int maxLength, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var normalized = InputText.Normalize(value);
        if (normalized.Refusal is { } refusal)
        {
            errors[parameter] = [refusal];
            return null;
        }

        if (normalized.Text?.Length > maxLength)
        {
            errors[parameter] = [$"The search text can be at most {maxLength} characters."];
            return null;
        }

        return normalized.Text;
    }
}
