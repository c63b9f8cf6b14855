using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test collection; each test opens a context of its own
/// (<see cref="NewContextAsync"/>), so no cookie or storage leaks from one test into the next.
/// It drives the system Chromium: a browser is never downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched yet.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive the system Chromium at {ChromiumPath}, and it is missing. "
                + "Install it (apt-get install chromium fonts-liberation) or run ./scripts/test.sh, which does.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser profile whose relative URLs resolve against <paramref name="baseUri"/>.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        return Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUri.ToString(),
            // The portal is served over https with a certificate made for the run (LoopbackCertificate).
            IgnoreHTTPSErrors = true,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
