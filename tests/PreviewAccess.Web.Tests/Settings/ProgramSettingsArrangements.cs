using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Web.Tests.Settings;

/// <summary>
/// The program's settings arranged in the database, as a test's starting point (the settings page itself has tests of
/// its own, <see cref="SettingsPageTests"/>): second approval was a configuration key once, it is a setting now.
/// </summary>
public static class ProgramSettingsArrangements
{
    public static async Task RequireSecondApprovalAsync(this WebApplicationFactory<Program> app, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var settings = await db.ProgramSettings.SingleAsync();
        settings.SetSecondApproval(required);
        await db.SaveChangesAsync();
    }

    /// <summary>The settings row as stored now.</summary>
    public static async Task<ProgramSettings> ProgramSettingsAsync(this WebApplicationFactory<Program> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ProgramSettings.AsNoTracking().SingleAsync();
    }
}
