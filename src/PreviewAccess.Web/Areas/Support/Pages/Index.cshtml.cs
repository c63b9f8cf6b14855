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

    public Page<LookupResult>? Results { get; private set; }

    public IReadOnlyList<SupportCaseRow> OpenCases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Q = Q.Trim();
            if (Q.Length > 254) Q = Q[..254];
            Results = await lookup.FindAsync(Q, 25, OrganizationQueries.Cursor.IsValid(After) ? After : null, cancellationToken);
        }

        OpenCases = await desk.QueueAsync(null, mineOnly: false, limit: 5, cancellationToken);
    }
}
