using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>The values every builder starts from. Constants only: nothing here can be changed by a test.</summary>
public static class Defaults
{
    /// <summary>When every scenario's organization is nominated.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    public const string ApiOrg = "org-acme00000000000000000001";
    public const string OtherApiOrg = "org-acme00000000000000000002";
    public const string StrangerApiOrg = "org-zzzz99999999999999999999";

    public const string Workspace = "acme-research";
    public const string OtherWorkspace = "acme_labs";
    public const string StrangerWorkspace = "not-a-known-workspace";

    public const string Email = "dev@acme.example";
    public const string OtherEmail = "ops@acme.example";
    public const string StrangerEmail = "someone@elsewhere.example";
    public const string ContactEmail = "contact@acme.example";

    public const string Sol = "gpt-5.6-sol";
    public const string Terra = "gpt-5.6-terra";
    public const string Luna = "gpt-5.6-luna";

    public static readonly Guid AccountRep = new("0196a000-0000-7000-8000-000000000001");
    public static readonly Guid SecondApprover = new("0196a000-0000-7000-8000-000000000002");
    public static readonly Guid PartnerUser = new("0196a000-0000-7000-8000-000000000003");

    public static IReadOnlyList<string> AllModels { get; } = [Sol, Terra, Luna];

    public static IReadOnlySet<string> CatalogModelIds { get; } =
        PreviewModel.Launch().Select(m => m.ModelId).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> UnsupportedCountries { get; } =
        UnsupportedCountry.Seed.ToHashSet(StringComparer.Ordinal);

    public static string IdentifierFor(Surface surface) => surface == Surface.Api ? ApiOrg : Workspace;

    public static string OtherIdentifierFor(Surface surface) => surface == Surface.Api ? OtherApiOrg : OtherWorkspace;
}
