using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Staff;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Staff;

/// <summary>Change a staff user's role, or disable (ending their sessions) or enable their account.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(StaffUsers staff) : AdminPageModel
{
    [BindProperty]
    public RoleInput Input { get; set; } = new();

    public StaffUserView StaffUser { get; private set; } = null!;

    public StaffSecondFactorView SecondFactor { get; private set; } = new(false, 0);

    public bool IsSelf => StaffUser.Id == CurrentUserId;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await staff.GetAsync(id, cancellationToken) is not { } user) return NotFound();
        StaffUser = user;
        SecondFactor = await staff.SecondFactorAsync(id) ?? SecondFactor;
        Input.Role = user.Role;
        return Page();
    }

    public async Task<IActionResult> OnPostResetSecondFactorAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await staff.ResetSecondFactorAsync(id, cancellationToken),
            "Their second factor was reset and their sessions ended. At their next sign-in they set up a new authenticator app.", cancellationToken);

    public async Task<IActionResult> OnPostRoleAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await staff.ChangeRoleAsync(new ChangeStaffRoleInput(id, Input.Role ?? string.Empty), cancellationToken);
        return await AfterAsync(id, outcome, $"The role was changed to {Vocabulary.Role(Input.Role ?? string.Empty)}. Their current sessions ended; the new role applies when they sign in again.", cancellationToken);
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await staff.DisableAsync(id, cancellationToken), "The account was disabled: it cannot sign in, and its sessions have ended.", cancellationToken);

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await staff.EnableAsync(id, cancellationToken), "The account was enabled: the person can sign in again.", cancellationToken);

    private async Task<IActionResult> AfterAsync(Guid id, Features.Common.Outcome<Guid> outcome, string success, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            Flash(success);
            return RedirectToPage(new { id });
        }

        if (await staff.GetAsync(id, cancellationToken) is not { } user) return NotFound();
        StaffUser = user;
        SecondFactor = await staff.SecondFactorAsync(id) ?? SecondFactor;
        return Failure(outcome) ?? Page();
    }

    public sealed class RoleInput
    {
        [Display(Name = "Role")]
        public string? Role { get; set; }
    }
}
