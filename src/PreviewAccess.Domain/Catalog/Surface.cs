namespace PreviewAccess.Domain.Catalog;

/// <summary>Where a model is used. <see cref="ChatGPT"/> is known but not part of the preview.</summary>
public enum Surface
{
    Api,
    Codex,
    ChatGPT,
}

public static class Surfaces
{
    /// <summary>The surfaces the preview offers; the only ones that can be requested or granted.</summary>
    public static IReadOnlyList<Surface> InPreview { get; } = [Surface.Api, Surface.Codex];

    public static bool IsInPreview(this Surface surface) => surface is Surface.Api or Surface.Codex;

    public static string DisplayName(this Surface surface) => surface switch
    {
        Surface.Api => "API",
        Surface.Codex => "Codex",
        Surface.ChatGPT => "ChatGPT",
        _ => surface.ToString(),
    };

    /// <summary>What an identifier on this surface is called, for people.</summary>
    public static string IdentifierName(this Surface surface) => surface switch
    {
        Surface.Api => "API organization ID",
        Surface.Codex => "Codex workspace ID",
        _ => "identifier",
    };
}
