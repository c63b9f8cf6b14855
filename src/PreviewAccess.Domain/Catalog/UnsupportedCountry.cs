using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Catalog;

/// <summary>A country from which access is unavailable; the list is edited by an admin.</summary>
public sealed class UnsupportedCountry
{
    private UnsupportedCountry() { Code = string.Empty; }

    public UnsupportedCountry(string code) { Code = Countries.Require(code); }

    public string Code { get; private set; }

    public static IReadOnlyList<string> Seed { get; } = ["BY", "CN", "CU", "IR", "KP", "RU", "SY"];
}
