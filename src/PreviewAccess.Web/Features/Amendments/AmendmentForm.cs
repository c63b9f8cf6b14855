using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>
/// The request form the partner's and the representative's pages share: lists typed one per line, chosen surfaces,
/// models and grants to renew. It turns into <see cref="RequestAmendmentInput"/>, and the use case's errors back into
/// the form's fields, the line named.
/// </summary>
public sealed partial class AmendmentForm
{
    [Display(Name = "Surfaces")]
    public List<Surface> Surfaces { get; set; } = [];

    [Display(Name = "API organization IDs to add")]
    public string? ApiOrganizationIdLines { get; set; }

    [Display(Name = "Codex workspace IDs to add")]
    public string? CodexWorkspaceIdLines { get; set; }

    [Display(Name = "Account emails to add")]
    public string? AccountEmailLines { get; set; }

    [Display(Name = "Models to add")]
    public List<string> Models { get; set; } = [];

    [Display(Name = "Ended grants to renew")]
    public List<Guid> RenewGrantIds { get; set; } = [];

    [Display(Name = "Why (optional)")]
    public string? Note { get; set; }

    public RequestAmendmentInput ToInput(Guid organizationId) =>
        new(organizationId, Surfaces, Lines(ApiOrganizationIdLines), Lines(CodexWorkspaceIdLines), Lines(AccountEmailLines), Models, RenewGrantIds, Note);

    /// <summary>
    /// The use case names a list's row (<c>apiOrganizationIds[1]</c>); the form has one text box per list, so the error
    /// goes under the box and says which line.
    /// </summary>
    public static Outcome<T> ByLine<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind != OutcomeKind.Invalid) return outcome;
        var regrouped = outcome.Errors
            .SelectMany(e => e.Value.Select(message => (Key: e.Key, Message: message)))
            .Select(e => Row().Match(e.Key) is { Success: true } row
                ? (Key: row.Groups["list"].Value + "Lines", Message: $"Line {int.Parse(row.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}: {e.Message}")
                : e)
            .Select(e => (Key: ListFields.GetValueOrDefault(e.Key, e.Key), e.Message))
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return Outcome<T>.Invalid(regrouped);
    }

    /// <summary>An error on a whole list (too many) goes under its text box too.</summary>
    private static readonly Dictionary<string, string> ListFields = new(StringComparer.Ordinal)
    {
        ["apiOrganizationIds"] = "apiOrganizationIdLines",
        ["codexWorkspaceIds"] = "codexWorkspaceIdLines",
        ["accountEmails"] = "accountEmailLines",
    };

    private static List<string> Lines(string? text) =>
        [.. (text ?? string.Empty).Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"^(?<list>apiOrganizationId|codexWorkspaceId|accountEmail)s\[(?<index>\d+)\]$")]
    private static partial Regex Row();
}
