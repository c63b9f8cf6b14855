using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Staff;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Staff;

[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(StaffUsers staff) : AdminPageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await staff.CreateAsync(new CreateStaffUserInput(Input.Email ?? string.Empty, Input.DisplayName ?? string.Empty, Input.Role ?? string.Empty, Input.Password ?? string.Empty, Input.SendPasswordLink), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash(Input.SendPasswordLink
                ? $"A link to choose a password is on its way to {Input.Email?.Trim().ToLowerInvariant()}. {Input.DisplayName?.Trim()} can sign in once they have chosen it."
                : $"{Input.DisplayName?.Trim()} can now sign in with {Input.Email?.Trim()} and the first password you chose. Share it with them safely.");
            return RedirectToPage("Index");
        }

        Input.Password = string.Empty;
        return Failure(outcome) ?? Page();
    }

    public sealed class CreateInput
    {
        [Display(Name = "Email")]
        public string? Email { get; set; }

        [Display(Name = "Name")]
        public string? DisplayName { get; set; }

        [Display(Name = "Role")]
        public string? Role { get; set; }

        [Display(Name = "First password")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }

        [Display(Name = "Let them set their password by mail")]
        public bool SendPasswordLink { get; set; }
    }
}
