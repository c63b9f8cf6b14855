using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.SupportDesk;

namespace PreviewAccess.Web.Areas.Support.Pages.Cases;

/// <summary>The queue of support cases, oldest first.</summary>
public sealed class IndexModel(SupportCaseDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public SupportCaseStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    public IReadOnlyList<SupportCaseRow> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Cases = await desk.QueueAsync(Status, Mine, 200, cancellationToken);
}
