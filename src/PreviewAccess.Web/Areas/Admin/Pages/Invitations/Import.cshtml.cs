using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Invitations;

/// <summary>Nominates and invites many organizations from a CSV file: all of it, or — when any row is wrong — none of it.</summary>
public sealed class ImportModel(BulkInvitation bulk) : AdminPageModel
{
    [BindProperty]
    [Display(Name = "CSV file")]
    public IFormFile? Upload { get; set; }

    public BulkInvitationReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to upload.");
            return Page();
        }

        if (Upload.Length > BulkInvitation.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The file is larger than {BulkInvitation.MaxBytes / 1024} KB; split it into several files.");
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        Report = await bulk.ImportAsync(stream, cancellationToken);
        if (!Report.Succeeded)
        {
            ModelState.AddModelError(nameof(Upload), Report.Problems.Count == 1
                ? "The file has a problem, so nothing was imported. Correct it and upload the file again."
                : $"The file has {Report.Problems.Count} problems, so nothing was imported. Correct them and upload the file again.");
            return Page();
        }

        Flash($"{Vocabulary.Plural(Report.Imported.Count, "organization")} nominated and invited. Each contact receives an invitation mail.");
        return RedirectToPage("Index", new { status = "Pending" });
    }
}
