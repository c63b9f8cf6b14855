using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account.Manage;

/// <summary>
/// Two-factor authentication with an authenticator app: set it up (QR code and key, confirmed with a code), make new
/// recovery codes, turn it off where the role allows. Staff without a second factor are sent here before their area.
/// </summary>
public sealed class TwoFactorModel(UserManager<PortalUser> users, OwnSecondFactor secondFactor) : ManagePageModel(users)
{
    public const string RecoveryCodesKey = "RecoveryCodes";

    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public SecondFactorStatus Status { get; private set; } = null!;

    public AuthenticatorSetup? Setup { get; private set; }

    public string DisplayName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        var outcome = await secondFactor.EnableAsync(user, Input.Code, cancellationToken);
        if (outcome.Succeeded) return ShowCodes(outcome.Value!, "Two-factor authentication is on.");
        if (Failure(outcome) is { } refused) return refused;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken cancellationToken)
    {
        var outcome = await secondFactor.RegenerateRecoveryCodesAsync(await CurrentUserAsync(), User, cancellationToken);
        if (outcome.Succeeded) return ShowCodes(outcome.Value!, "New recovery codes were made; the old ones no longer work.");
        if (Failure(outcome) is { } refused) return refused;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        var outcome = await secondFactor.DisableAsync(await CurrentUserAsync(), User, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Two-factor authentication is off. You sign in with your password alone.");
            return RedirectToPage();
        }

        if (Failure(outcome) is { } refused) return refused;
        await LoadAsync();
        return Page();
    }

    /// <summary>The codes travel to the next page in the protected TempData cookie, which is read once and then removed.</summary>
    private RedirectToPageResult ShowCodes(IReadOnlyList<string> codes, string message)
    {
        TempData[RecoveryCodesKey] = string.Join(' ', codes);
        Flash(message);
        return RedirectToPage("./RecoveryCodes", new { ReturnUrl });
    }

    private async Task LoadAsync()
    {
        var user = await CurrentUserAsync();
        DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName;
        Status = await secondFactor.StatusAsync(user, User);
        if (!Status.Enabled) Setup = await secondFactor.SetupAsync(user);
    }

    public sealed class CodeInput
    {
        [Display(Name = "Code from your app")]
        public string? Code { get; set; }
    }
}
