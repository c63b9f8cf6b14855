using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Areas.Admin.Pages.Audit;

/// <summary>
/// The audit log: filters, keyset paging, CSV export, whether the keyed chain is intact and still holds what its last
/// checkpoint sealed, and (for admins) a checkpoint on demand.
/// </summary>
public sealed class IndexModel(AuditLog log, AuditCheckpoints checkpoints, ICurrentActor actor, PortalDbContext db, TimeProvider clock) : AdminPageModel
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

    public AuditChainReport? Verification { get; private set; }

    /// <summary>Admins write checkpoints, and are told when the chain's key lives in the database.</summary>
    public bool CanWriteCheckpoints => IsAdmin;

    public bool ChainKeyIsConfigured => db.AuditChainKeyIsConfigured;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Events = await log.ListAsync(Filter, Before, AuditReader.For(User), cancellationToken);
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
        await log.ExportAsync(Filter, AuditReader.For(User), Response.Body, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>Seals the chain's head now (admins only); a chain that does not verify is not sealed.</summary>
    public async Task<IActionResult> OnPostCheckpointAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin) return Forbid();
        var outcome = await checkpoints.WriteAsync(AuditCheckpointKind.Requested, actor.Name, cancellationToken);
        if (outcome.Written is { } written) Flash($"Checkpoint written: the log's {written.Count} events are sealed, up to event #{written.HeadId}.");
        else if (outcome.Refused) Problem($"No checkpoint written: the chain does not verify. {outcome.Verification.Problem}");
        else Flash("Nothing to seal: the log is empty.");
        return RedirectToPage(RouteWith(Before));
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
