using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>Full-page screenshots for a person to look at, kept in the test output directory, never in the repository.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <returns>The path of the PNG file.</returns>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
