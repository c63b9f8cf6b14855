using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>An account representative nominates an organization; its invitation follows.</summary>
public sealed class CreateModel(NominateOrganization nominate, AccountRepresentatives representatives) : AdminPageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Representatives = await representatives.ListAsync();
        if (IsAccountRep) Input.AccountRepEmail = Representatives.FirstOrDefault(r => r.Id == CurrentUserId)?.Email ?? string.Empty;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await nominate.HandleAsync(new NominateOrganizationInput(Input.Name ?? string.Empty, Input.Country ?? string.Empty, Input.AccountRepEmail ?? string.Empty,
            Input.TrustedAccessForCyber, Input.PreviousAlphaParticipant), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"{Input.Name?.Trim()} was nominated. Send its invitation now: the organization enters the program only through it.");
            return RedirectToPage("Invite", new { id = outcome.Value });
        }

        Representatives = await representatives.ListAsync();
        return Failure(outcome) ?? Page();
    }

    public sealed class OrganizationInput
    {
        [Display(Name = "Organization name")]
        public string? Name { get; set; }

        [Display(Name = "Country (ISO code)")]
        public string? Country { get; set; }

        [Display(Name = "Account representative")]
        public string? AccountRepEmail { get; set; }

        [Display(Name = "Participates in Trusted Access for Cyber")]
        public bool TrustedAccessForCyber { get; set; }

        [Display(Name = "Took part in an earlier alpha")]
        public bool PreviousAlphaParticipant { get; set; }
    }
}
