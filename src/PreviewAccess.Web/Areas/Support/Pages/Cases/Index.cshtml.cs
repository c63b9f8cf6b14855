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
