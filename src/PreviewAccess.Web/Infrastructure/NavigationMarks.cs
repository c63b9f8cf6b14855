namespace PreviewAccess.Web.Infrastructure;

/// <summary>Which navigation link is the current page: <c>aria-current="page"</c> on it (and its look), null on the rest.</summary>
public static class NavigationMarks
{
    /// <summary>"page" when the request is under one of <paramref name="sections"/> (a path and everything below it).</summary>
    public static string? Under(HttpContext context, params string[] sections)
    {
        ArgumentNullException.ThrowIfNull(context);
        return sections.Any(s => context.Request.Path.StartsWithSegments(s, StringComparison.OrdinalIgnoreCase)) ? "page" : null;
    }

    /// <summary>"page" when the request is exactly one of <paramref name="pages"/> (an area's start page, whose path every page of the area begins with).</summary>
    public static string? At(HttpContext context, params string[] pages)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value?.TrimEnd('/') ?? string.Empty;
        return pages.Any(p => string.Equals(path, p, StringComparison.OrdinalIgnoreCase)) ? "page" : null;
    }
}
