using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account.Manage;

/// <summary>
/// The person's passkeys: add one (the browser's WebAuthn prompt, driven by <c>wwwroot/js/passkeys.js</c>), see them,
/// remove one. The options the browser needs come from a POST with the antiforgery token, like every change.
/// </summary>
public sealed class PasskeysModel(UserManager<PortalUser> users, OwnPasskeys passkeys) : ManagePageModel(users)
{
    [BindProperty]
    public AddInput Input { get; set; } = new();

    public IReadOnlyList<PasskeyView> Passkeys { get; private set; } = [];

    /// <summary>Why this session cannot add a passkey now, or null.</summary>
    public string? CannotAdd { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var outcome = await passkeys.CreationOptionsAsync(await CurrentUserAsync(), User);
        return outcome.Succeeded
            ? Content(outcome.Value!, "application/json")
            : new JsonResult(new { message = outcome.Message }) { StatusCode = StatusCodes.Status409Conflict };
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var outcome = await passkeys.AddAsync(await CurrentUserAsync(), User, Input.CredentialJson, Input.Name, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"The passkey “{outcome.Value!.Name}” was added. You can sign in with it from the sign-in page.");
            return RedirectToPage();
        }

        if (Failure(outcome) is { } refused) return refused;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken cancellationToken)
    {
        var outcome = await passkeys.RemoveAsync(await CurrentUserAsync(), id, cancellationToken);
        if (!outcome.Succeeded) return NotFound();
        Flash($"The passkey “{outcome.Value}” was removed.");
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var user = await CurrentUserAsync();
        Passkeys = await passkeys.ListAsync(user);
        CannotAdd = await passkeys.WhyNotAddAsync(user, User);
    }

    public sealed class AddInput
    {
        [Display(Name = "Name (optional)")]
        public string? Name { get; set; }

        public string? CredentialJson { get; set; }
    }
}
