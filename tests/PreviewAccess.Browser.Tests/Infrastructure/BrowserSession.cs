using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>
/// One test's browser: a fresh context (no cookies from other tests) with one page, which notes what a
/// person would call "something broke": a server error, an uncaught script error, an error in the console
/// (a blocked script or style under the Content-Security-Policy shows up there), a stylesheet, script or
/// image that does not load. A page answering 404 itself is left to the test to judge.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // Failed loads are reported below, with their address, which the console message lacks.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _problems.Enqueue($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"script error on {page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500 || (response.Status >= 400 && IsBrokenSubresource(response)))
            {
                _problems.Enqueue($"{response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(BrowserFixture browser, Uri portal)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(portal);
        try
        {
            return new BrowserSession(context, await context.NewPageAsync());
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    public void AssertNothingBroke() =>
        Assert.True(_problems.IsEmpty, "The browser saw problems:" + Environment.NewLine + string.Join(Environment.NewLine, _problems));

    // The browser asks for /favicon.ico on its own; the portal has none (yet), which no page is responsible for.
    private static bool IsBrokenSubresource(IResponse response) =>
        response.Request.ResourceType != "document"
        && new Uri(response.Url).AbsolutePath != "/favicon.ico";

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
