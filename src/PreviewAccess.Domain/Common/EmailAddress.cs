using System.Text.RegularExpressions;

namespace PreviewAccess.Domain.Common;

/// <summary>Emails are trimmed and compared case-insensitively; the stored form is lower case.</summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var trimmed = email.Trim();
        return trimmed.Length <= MaxLength && Shape().IsMatch(trimmed);
    }

    public static bool AreSame(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the normalized address or throws a <see cref="DomainException"/> naming the bad value's role.</summary>
    public static string Require(string? email, string role)
    {
        if (!IsValid(email)) throw new DomainException($"The {role} must be a valid email address.");
        return Normalize(email!);
    }

    // One @, something on both sides, a dot in the domain, no spaces or angle brackets.
    [GeneratedRegex(@"^[^@\s<>()\[\]\\,;:""]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial Regex Shape();
}
