using System.Text.RegularExpressions;

namespace PreviewAccess.Domain.Catalog;

/// <summary>
/// The two identifier forms: an API organization ID (<c>org-</c> + 24 letters or digits) and a
/// Codex workspace ID (3–64 of letters, digits, <c>_</c> and <c>-</c>). Identifiers are compared exactly.
/// </summary>
public static partial class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsApiOrganizationId(string? value) => value is not null && ApiOrganizationIdShape().IsMatch(value);

    public static bool IsCodexWorkspaceId(string? value) => value is not null && CodexWorkspaceIdShape().IsMatch(value);

    public static bool IsValidFor(Surface surface, string? value) => surface switch
    {
        Surface.Api => IsApiOrganizationId(value),
        Surface.Codex => IsCodexWorkspaceId(value),
        _ => false,
    };

    /// <summary>Either form. Note that every API organization ID is also a well-formed workspace ID.</summary>
    public static bool IsWellFormed(string? value) => IsApiOrganizationId(value) || IsCodexWorkspaceId(value);

    public static string FormatHint(Surface surface) => surface switch
    {
        Surface.Api => "an API organization ID is 'org-' followed by 24 letters or digits",
        Surface.Codex => "a Codex workspace ID is 3 to 64 letters, digits, '_' or '-'",
        _ => "this surface has no identifiers in the preview",
    };

    // \z, not $: $ would also accept a trailing line break.
    [GeneratedRegex(@"^org-[A-Za-z0-9]{24}\z")]
    private static partial Regex ApiOrganizationIdShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{3,64}\z")]
    private static partial Regex CodexWorkspaceIdShape();
}
