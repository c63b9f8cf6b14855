using Microsoft.Extensions.Options;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Settings;

/// <summary>
/// Second approval was the configuration key <c>Program:RequireSecondApproval</c>; it is a program setting now. A
/// deployment that still sets the key is stopped at start-up with a message saying where the setting went, rather than
/// believing a control is on that nothing reads any more.
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class RetiredConfigurationTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task The_old_second_approval_key_stops_start_up_and_names_the_settings_page(string value)
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("retiredkey");
        await using var app = new PortalApp(connectionString, settings: new Dictionary<string, string?> { ["Program:RequireSecondApproval"] = value });

        var refusal = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Admin → Program settings", refusal.Message, StringComparison.Ordinal);
    }
}
