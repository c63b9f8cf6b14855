using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>Access requests, by default the ones a correctly approved and enabled partner would make.</summary>
public static class Ask
{
    public static AccessRequest Api(string identifier = Defaults.ApiOrg, string email = Defaults.Email,
        string model = Defaults.Sol, string? country = null) =>
        new(Surface.Api, identifier, email, model, country);

    public static AccessRequest Codex(string identifier = Defaults.Workspace, string email = Defaults.Email,
        string model = Defaults.Sol, string? country = null) =>
        new(Surface.Codex, identifier, email, model, country);

    public static AccessRequest ChatGpt(string identifier = Defaults.ApiOrg, string email = Defaults.Email,
        string model = Defaults.Sol, string? country = null) =>
        new(Surface.ChatGPT, identifier, email, model, country);

    public static AccessRequest On(Surface surface, string? identifier = null, string email = Defaults.Email,
        string model = Defaults.Sol, string? country = null) =>
        new(surface, identifier ?? Defaults.IdentifierFor(surface), email, model, country);
}
