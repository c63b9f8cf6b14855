using System.Security.Cryptography;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The one source of the names, identifiers and emails tests arrange data with. Each is new at every call, so tests that
/// share a portal never see each other's data, whatever order they run in.
/// </summary>
public static class TestData
{
    private const string LettersAndDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Ten lower-case letters or digits, new at every call: the part that makes a name or an address unique.</summary>
    public static string Unique() => RandomNumberGenerator.GetString(LettersAndDigits, 10);

    /// <summary><paramref name="prefix"/> followed by a unique part, e.g. "Under review k3x9…".</summary>
    public static string UniqueName(string prefix) => $"{prefix} {Unique()}";

    /// <summary>An email address at <paramref name="domain"/> nobody else uses.</summary>
    public static string NewEmail(string who = "contact", string domain = "partner.example") => $"{who}-{Unique()}@{domain}";

    /// <summary>An API organization ID: <c>org-</c> and 24 letters or digits.</summary>
    public static string NewApiOrganizationId() => "org-" + RandomNumberGenerator.GetString(LettersAndDigits, 24);

    /// <summary>A Codex workspace ID: <c>ws-</c> and 16 letters or digits.</summary>
    public static string NewWorkspaceId() => "ws-" + RandomNumberGenerator.GetString(LettersAndDigits, 16);
}
