using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Catalog;

/// <summary>A country from which access is unavailable; the list is edited by an admin.</summary>
public sealed class UnsupportedCountry
{
    private UnsupportedCountry() { Code = string.Empty; }

    public UnsupportedCountry(string code)
    {
        if (!Countries.IsValid(code)) throw new DomainException(nameof(Code), $"'{code?.Trim()}' is not a country code. {Countries.Expected}");
        Code = Countries.Normalize(code);
    }

    public string Code { get; private set; }

    public static IReadOnlyList<string> Seed { get; } = ["BY", "CN", "CU", "IR", "KP", "RU", "SY"];

    /// <summary>A country added to the list: a known ISO 3166-1 alpha-2 code that is not on it yet.</summary>
    public static UnsupportedCountry Add(string? code, IReadOnlySet<string> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var country = new UnsupportedCountry(code ?? string.Empty);
        if (listed.Contains(country.Code)) throw new DomainException(nameof(Code), $"{country.Code} is already an unsupported country.");
        return country;
    }
}
