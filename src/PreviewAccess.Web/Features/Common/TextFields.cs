using System.Collections.Frozen;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Web.Features.Common;

/// <summary>
/// Which text fields are more than one line, and which are secrets, by the name a form or a JSON body gives them
/// (<c>Input.IntendedUse</c> on a page, <c>intendedUse</c> in the API): the page binder and the API's JSON apply
/// <see cref="InputText"/> with the kind named here. A new text area adds its field here (a test holds the pages to it).
/// </summary>
public static class TextFields
{
    /// <summary>Text areas: what a person explains in their own words.</summary>
    private static readonly FrozenSet<string> MultiLine = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "IntendedUse", "Justification", "Reason", "Note", "Message", "ErrorMessage", "PartnerMessage", "Answer", "Reply",
        // An amendment's lists, typed one per line (AmendmentForm).
        "ApiOrganizationIdLines", "CodexWorkspaceIdLines", "AccountEmailLines");

    /// <summary>Kept exactly as typed: a trimmed or recomposed password would no longer be the one its owner chose.</summary>
    private static readonly FrozenSet<string> Secrets = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Password", "ConfirmPassword", "CurrentPassword", "NewPassword", "Secret");

    public static IReadOnlySet<string> MultiLineNames => MultiLine;

    public static IReadOnlySet<string> SecretNames => Secrets;

    /// <param name="name">A field's own name, without the prefix of its form (<c>Reason</c>, not <c>Input.Reason</c>).</param>
    public static TextKind KindOf(string? name) =>
        name is null ? TextKind.SingleLine
        : MultiLine.Contains(name) ? TextKind.MultiLine
        : Secrets.Contains(name) ? TextKind.Secret
        : TextKind.SingleLine;
}
