using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Web.Features.Settings;

/// <summary>The program's settings as read now: the version an edit is held to, and what they say.</summary>
public sealed record ProgramSettingsView(int Version, ProgramPhase Phase, bool RequireSecondApproval, CacheMultipliers CacheMultipliers)
{
    public static ProgramSettingsView Of(ProgramSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Version, settings.Phase, settings.RequireSecondApproval, settings.CacheMultipliers);
    }
}

/// <summary>Everything the settings page and the public program page show: settings, models with their prices, unsupported countries.</summary>
public sealed record ProgramOverview(ProgramSettingsView Settings, IReadOnlyList<PreviewModel> Models, IReadOnlyList<string> UnsupportedCountries);

/// <summary>
/// The program's settings, read from the database on every call: a change an admin saves is what the next request of
/// any instance sees (the access check has its own snapshot, kept fresh by the change signals of its tables).
/// </summary>
public sealed class ProgramSettingsQueries(PortalDbContext db)
{
    public async Task<ProgramSettingsView> CurrentAsync(CancellationToken cancellationToken) =>
        ProgramSettingsView.Of(await db.ProgramSettings.AsNoTracking().SingleAsync(cancellationToken));

    public async Task<CacheMultipliers> CacheMultipliersAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).CacheMultipliers;

    public async Task<bool> RequireSecondApprovalAsync(CancellationToken cancellationToken) =>
        await db.ProgramSettings.AsNoTracking().Select(s => s.RequireSecondApproval).SingleAsync(cancellationToken);

    public async Task<ProgramOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var settings = await CurrentAsync(cancellationToken);
        // A handful of rows: ordered here, the same on every provider (SQLite cannot order decimals).
        var models = (await db.Models.AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(m => m.InputPerMillion).ThenBy(m => m.ModelId, StringComparer.Ordinal).ToList();
        var countries = (await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken))
            .Order(StringComparer.Ordinal).ToList();
        return new ProgramOverview(settings, models, countries);
    }
}
