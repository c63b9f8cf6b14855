using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>
/// Signing in with a passkey alone: the browser asks which of its passkeys for this site to use. Both steps are limited
/// per client address (<see cref="PasskeySignInThrottle"/>): past a limit, 429 with Retry-After.
/// </summary>
public sealed class LoginWithPasskeyModel(OwnPasskeys passkeys, PasskeySignInThrottle throttle) : PortalPageModel
{
    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRequestOptionsAsync()
    {
        if (!throttle.TryRequestOptions(HttpContext.Connection.RemoteIpAddress, out var retryAfter))
        {
            // The script shows the message, as it does the passkey page's refusals.
            return new JsonResult(new { message = $"Too many passkey sign-ins from your network. Try again in {WaitSeconds(retryAfter)} seconds." })
            {
                StatusCode = StatusCodes.Status429TooManyRequests,
            };
        }

        return Content(await passkeys.RequestOptionsAsync(), "application/json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var client = HttpContext.Connection.RemoteIpAddress;
        if (!throttle.MayTrySignIn(client, out var retryAfter))
        {
            ModelState.AddModelError(string.Empty, $"Too many failed passkey sign-ins from your network. Try again in {WaitSeconds(retryAfter)} seconds.");
            var page = Page();
            page.StatusCode = StatusCodes.Status429TooManyRequests;
            return page;
        }

        var result = await passkeys.SignInAsync(CredentialJson);
        if (result.Succeeded) return LocalRedirect(HomeModel.After(ReturnUrl, Url));
        throttle.Failed(client);
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts. This account is locked for 15 minutes."
            : "That passkey did not sign you in. Try again, or sign in with your password.");
        return Page();
    }

    private int WaitSeconds(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
