using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages.Cases;

/// <summary>The queue of support cases, oldest first.</summary>
public sealed class IndexModel(SupportCaseDesk desk) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "Status")]
    public SupportCaseStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "Assigned to me")]
    public bool Mine { get; set; }

    public IReadOnlyList<SupportCaseRow> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The filters arrive in an address anyone can type or edit: one that cannot be read is left out, and says so.
        if (Unreadable(nameof(Status))) ModelState.AddModelError(nameof(Status), "That is not a status of a case: showing every unresolved case instead.");
        if (Unreadable(nameof(Mine))) ModelState.AddModelError(nameof(Mine), "“Assigned to me” is either on or off: showing the cases of every assignee.");
        Cases = await desk.QueueAsync(Status, Mine, 200, cancellationToken);
    }

    /// <summary>"Assign to me" from the list, in one click: the case as the person saw it in the row, or a conflict.</summary>
    public async Task<IActionResult> OnPostAssignToMeAsync(Guid id, int version, CancellationToken cancellationToken)
    {
        var outcome = await desk.AssignToMeAsync(id, version, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("The case is assigned to you.");
            return RedirectToPage();
        }

        var shown = outcome.Message == Features.Common.Outcome.ChangedMeanwhile
            ? Features.Common.Outcome<Guid>.Conflict("Someone changed that case since the list was shown, so it was not assigned to you. The list now shows it as it is.")
            : outcome;
        if (Failure(shown, prefix: string.Empty) is { } refused) return refused;
        ModelState.Remove(nameof(Status));
        ModelState.Remove(nameof(Mine));
        Status = null;
        Mine = false;
        Cases = await desk.QueueAsync(null, false, 200, cancellationToken);
        return Page();
    }

    /// <summary>
    /// Whether the value given for <paramref name="field"/> could not be bound. Its entry is removed, because the
    /// form's tag helpers would otherwise convert the value they were given again, and a checkbox throws on "maybe".
    /// </summary>
    private bool Unreadable(string field)
    {
        if (ModelState.GetFieldValidationState(field) != ModelValidationState.Invalid) return false;
        ModelState.Remove(field);
        return true;
    }
}
