using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>Organizations: search, filters, keyset paging. A representative starts on their own portfolio.</summary>
public sealed class IndexModel(OrganizationQueries organizations, AccountRepresentatives representatives) : AdminPageModel
{
    public const string Mine = MyPortfolio;
    public const string Everyone = WholeProgram;
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrganizationStatus? Status { get; set; }

    /// <summary><c>mine</c>, <c>all</c> or a representative's id. Unset: a representative's own portfolio, everyone for an admin.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Rep { get; set; }

    [BindProperty(SupportsGet = true)]
    public Surface? Surface { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Tac { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Alpha { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary><see cref="OrganizationSearch.OpenSingleMatch"/> when the search came from the navigation's box: one match opens it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Open { get; set; }

    public IReadOnlyList<OrganizationListItem> Items { get; private set; } = [];

    public string? Next { get; private set; }

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    /// <summary>The search text was refused by the input rule (its reason is on the search box): nothing is listed, never every organization.</summary>
    public bool SearchRefused => ModelState.TryGetValue(nameof(Q), out var entry) && entry.Errors.Count > 0;

    public bool HasFilters => !string.IsNullOrWhiteSpace(Q) || Status is not null || Surface is not null || Tac is not null || Alpha is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Representatives = await representatives.ListAsync();
        (Rep, var repId) = ReadPortfolioFilter(Rep);
        // The surface filter covers the preview's surfaces; anything else (or an unreadable cursor) is ignored, never a 500.
        if (Surface is { } surface && !surface.IsInPreview()) Surface = null;
        if (!OrganizationQueries.Cursor.IsValid(After)) After = null;

        if (SearchRefused) return Page();

        var filter = new OrganizationFilter(Q, Status, repId, Surface, Tac, Alpha);
        var page = await organizations.ListAsync(filter, PageSize, After, cancellationToken);
        Items = page.Items;
        Next = page.Next;
        if (!string.IsNullOrWhiteSpace(Q) && OrganizationSearch.OpensSingleMatch(Open, After, Items.Count)) return RedirectToPage("Details", new { id = Items[0].Id });
        return Page();
    }

    public string RepName(Guid id) => Representatives.FirstOrDefault(r => r.Id == id)?.DisplayName ?? "Unknown";

    public Dictionary<string, string> RouteWith(string? after) => new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["status"] = Status?.ToString(),
        ["rep"] = Rep,
        ["surface"] = Surface?.ToString(),
        ["tac"] = Tac?.ToString().ToLowerInvariant(),
        ["alpha"] = Alpha?.ToString().ToLowerInvariant(),
        ["after"] = after,
    }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value!);
}
