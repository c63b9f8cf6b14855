using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages;

/// <summary>The support desk's start: find an organization by API org ID, Codex workspace ID, account email or name; see the open cases.</summary>
public sealed class IndexModel(SupportLookup lookup, SupportCaseDesk desk) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary><see cref="OrganizationSearch.OpenSingleMatch"/> when the search came from the navigation's box: one match opens it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Open { get; set; }

    public Page<LookupResult>? Results { get; private set; }

    public IReadOnlyList<SupportCaseRow> OpenCases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Q = Q.Trim();
            if (Q.Length > 254) Q = Q[..254];
            var after = OrganizationQueries.Cursor.IsValid(After) ? After : null;
            Results = await lookup.FindAsync(Q, 25, after, cancellationToken);
            if (OrganizationSearch.OpensSingleMatch(Open, after, Results.Items.Count)) return RedirectToPage("/Organization", new { id = Results.Items[0].Id });
        }

        OpenCases = await desk.QueueAsync(null, mineOnly: false, limit: 5, cancellationToken);
        return Page();
    }
}
