using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>Signs in the way a person does: through the sign-in page's labelled fields and its button.</summary>
public static class SignInForm
{
    /// <summary>
    /// Fills and submits the sign-in form (the page must be showing it) and waits for the page the POST leads to: the
    /// one it redirects to when the sign-in succeeds, the form again when it does not. (Waiting for a load state right
    /// after the click raced the navigation, and once in CI waited 30 s for a load that had already happened.)
    /// </summary>
    public static async Task SubmitAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Request.Frame == page.MainFrame && response.Status is >= 200 and < 300);
    }

    /// <summary>Opens the sign-in page and signs in.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/Account/Login");
        await SubmitAsync(page, email, password);
    }
}
