using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Admin.Audit;
using PreviewAccess.Web.Features.Admin.Csv;

namespace PreviewAccess.Web.Areas.Admin.Pages.Audit;

/// <summary>The audit log: filters, keyset paging, CSV export, and whether the hash chain is intact.</summary>
public sealed class IndexModel(AuditLog log, PortalDbContext db, TimeProvider clock) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public AuditPage Events { get; private set; } = new([], null);

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Organizations { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Events = await log.ListAsync(Filter, Before, cancellationToken);
        Actions = await log.ActionsAsync(cancellationToken);
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken))
            .Select(o => (o.Id, o.Name)).ToList();
        Verification = await log.VerifyAsync(cancellationToken);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Response.ContentType = SpreadsheetCsv.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-log-{day}.csv\"";
        await log.ExportAsync(Filter, Response.Body, cancellationToken);
        return new EmptyResult();
    }

    private AuditFilter Filter => new(OrganizationId, Actor, Action, From, To);

    public Dictionary<string, string> RouteWith(long? before) => new Dictionary<string, string?>
    {
        ["organizationId"] = OrganizationId?.ToString(),
        ["actor"] = Actor,
        ["action"] = Action,
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value!);
}
