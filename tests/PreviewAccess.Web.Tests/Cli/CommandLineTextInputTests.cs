namespace PreviewAccess.Web.Tests.Cli;

/// <summary>
/// The command line's text arguments meet the one input rule (<c>InputText</c>) like every form field: a control
/// character or a line break is refused with exit 2, naming the argument, and nothing is created; accepted text is
/// stored composed (NFC) and trimmed.
/// </summary>
[Collection(PortalProcessesCollectionDefinition.Name)]
public sealed class CommandLineTextInputTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("--display-name", "Dana\u0001Desk")]
    [InlineData("--display-name", "Dana\nDesk")]
    [InlineData("--email", "desk@previewaccess.example\t")]
    public async Task A_refused_character_in_a_users_argument_exits_with_2_naming_it_and_creates_no_user(string argument, string value)
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli_text");
        var values = new Dictionary<string, string> { ["--email"] = "desk@previewaccess.example", ["--display-name"] = "Dana Desk" };
        values[argument] = value;

        var result = await PortalProcess.RunCommandAsync(connectionString, "correct-horse-battery-staple\n",
            "users", "create", "--email", values["--email"], "--role", "Support", "--display-name", values["--display-name"], "--password-stdin");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(argument, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task A_refused_character_in_an_api_key_name_exits_with_2_and_a_display_name_is_stored_composed_and_trimmed()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli_text_key");
        var user = await PortalProcess.RunCommandAsync(connectionString, "correct-horse-battery-staple\n",
            "users", "create", "--email", "ops@previewaccess.example", "--role", "Admin", "--display-name", "  Rene\u0301 Ops ", "--password-stdin");
        Assert.True(user.ExitCode == 0, user.StandardError);

        var key = await PortalProcess.RunCommandAsync(connectionString, null, "api-keys", "create", "--user", "ops@previewaccess.example", "--name", "Gate\u0007way", "--scope", "org:read");

        Assert.Equal(2, key.ExitCode);
        Assert.Contains("--name", key.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, key.StandardOutput.Trim());
        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        Assert.False(await db.ApiKeys.AnyAsync());
        Assert.Equal("Ren\u00e9 Ops", (await db.Users.SingleAsync()).DisplayName);
    }
}
