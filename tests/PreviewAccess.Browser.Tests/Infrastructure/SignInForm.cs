using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>Signs in the way a person does: through the sign-in page's labelled fields and its button.</summary>
public static class SignInForm
{
    /// <summary>Fills and submits the sign-in form; the page must be showing it.</summary>
    public static async Task SubmitAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Opens the sign-in page and signs in.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/Account/Login");
        await SubmitAsync(page, email, password);
    }
}
