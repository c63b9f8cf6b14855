using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Web.Tests.Cli;

/// <summary>The command line of API.md, run as a real process of the portal's own binary against a fresh database.</summary>
[Collection(PortalProcessesCollectionDefinition.Name)]
public sealed class CommandLineTests(PostgresServer postgres)
{
    [Fact]
    public async Task Users_and_api_keys_are_created_from_the_command_line_on_a_new_database()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cli");

        var user = await PortalProcess.RunCommandAsync(connectionString, "correct-horse-battery-staple\n",
            "users", "create", "--email", " Ops@PreviewAccess.example ", "--role", "Admin", "--password-stdin");
        Assert.True(user.ExitCode == 0, user.StandardError);
        Assert.True(Guid.TryParse(user.StandardOutput.Trim(), out _), user.StandardOutput);

        var key = await PortalProcess.RunCommandAsync(connectionString, null,
            "api-keys", "create", "--user", "ops@previewaccess.example", "--name", "Gateway", "--scope", "access:check", "--scope", "org:read");
        Assert.True(key.ExitCode == 0, key.StandardError);
        var secret = Assert.Single(key.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();

        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(SecretToken.Hash(secret), stored.KeyHash);
        Assert.DoesNotContain(secret, stored.KeyHash, StringComparison.Ordinal);
        Assert.Equal([ApiScopes.AccessCheck, ApiScopes.OrgRead], stored.Scopes);
        var account = await db.Users.SingleAsync();
        Assert.Equal("ops@previewaccess.example", account.Email);
        Assert.Equal("Admin", await db.Roles.Where(r => db.UserRoles.Any(ur => ur.UserId == account.Id && ur.RoleId == r.Id)).Select(r => r.Name).SingleAsync());
        Assert.Equal(stored.Id.ToString(), (await db.AuditEvents.SingleAsync(e => e.Action == "api-key.created")).SubjectId);
    }

    [Fact]
    public async Task A_key_for_a_support_user_may_read_but_not_write()
    {
        var connectionString = await postgres.CreateDatabaseAsync("clisupport");
        var user = await PortalProcess.RunCommandAsync(connectionString, "correct-horse-battery-staple\n",
            "users", "create", "--email", "desk@previewaccess.example", "--role", "Support", "--password-stdin");
        Assert.True(user.ExitCode == 0, user.StandardError);

        var writer = await PortalProcess.RunCommandAsync(connectionString, null, "api-keys", "create", "--user", "desk@previewaccess.example", "--name", "Desk", "--scope", "org:read", "--scope", "org:write");
        Assert.Equal(2, writer.ExitCode);
        Assert.Contains("may not use org:write", writer.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, writer.StandardOutput.Trim());

        var reader = await PortalProcess.RunCommandAsync(connectionString, null, "api-keys", "create", "--user", "desk@previewaccess.example", "--name", "Desk", "--scope", "access:check", "--scope", "org:read");
        Assert.True(reader.ExitCode == 0, reader.StandardError);
        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        Assert.Equal([ApiScopes.AccessCheck, ApiScopes.OrgRead], (await db.ApiKeys.SingleAsync()).Scopes);
    }

    [Theory]
    [InlineData("users create --email a@b.example --role Partner --password-stdin", "is not a staff role")]
    [InlineData("users create --email not-an-email --role Support --password-stdin", "is not a valid email address")]
    [InlineData("users create --email a@b.example --role Support", "--password-stdin")]
    [InlineData("users create --email a@b.example --role Support --password-stdin", "Choose a password of at least 12 characters")]
    [InlineData("users create --email a@b.example --role Support --password-stdin --send-password-link", "not both")]
    [InlineData("api-keys create --user a@b.example --name Gateway", "--scope")]
    [InlineData("api-keys create --user a@b.example --scope access:check", "--name is required")]
    [InlineData("users delete --email a@b.example", "Usage")]
    public async Task Bad_input_exits_with_2_and_says_what_is_wrong(string command, string expected)
    {
        var connectionString = await postgres.CreateDatabaseAsync("clibad");
        var result = await PortalProcess.RunCommandAsync(connectionString, "short\n", command.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_user_created_with_send_password_link_gets_a_mail_and_chooses_their_password()
    {
        var connectionString = await postgres.CreateDatabaseAsync("clilink");
        var created = await PortalProcess.RunCommandAsync(connectionString, null,
            "users", "create", "--email", "Ola@PreviewAccess.example", "--role", "AccountRep", "--display-name", "Ola Ops", "--send-password-link");
        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.True(Guid.TryParse(created.StandardOutput.Trim(), out _), created.StandardOutput);
        Assert.Contains("ola@previewaccess.example", created.StandardError, StringComparison.Ordinal);

        await using (var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString))
        {
            var account = await db.Users.SingleAsync();
            Assert.Null(account.PasswordHash);
            Assert.Equal("Ola Ops", account.DisplayName);
            Assert.Single(await db.AuditEvents.Where(e => e.Action == "staff.created").ToListAsync());
        }

        // The mail waits in the outbox until a portal instance delivers it.
        await using var smtp = SmtpTestServer.Start();
        await using var portal = new PortalApp(connectionString, settings: new Dictionary<string, string?>(smtp.PortalSettings));
        _ = portal.Services;
        var mail = await smtp.WaitForAsync("ola@previewaccess.example");
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"/Account/ResetPassword\?\S+").Value;
        Assert.False(string.IsNullOrEmpty(link), mail.TextBody);

        using var ola = portal.NewClient();
        var form = await ola.GetPageAsync(link);
        await Admin.AdminClients.SubmitAndFollowAsync(ola, form, "#reset-form", new Dictionary<string, string>
        {
            ["Input.Password"] = "olas-own-passphrase", ["Input.ConfirmPassword"] = "olas-own-passphrase",
        });
        using var signedIn = await portal.SignedInAsync("ola@previewaccess.example", "olas-own-passphrase");
    }

    [Fact]
    public async Task A_key_for_an_unknown_user_is_refused_with_exit_1()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cliunknown");
        var result = await PortalProcess.RunCommandAsync(connectionString, null, "api-keys", "create", "--user", "ghost@previewaccess.example", "--name", "Gateway", "--scope", "org:read");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No active staff user", result.StandardError, StringComparison.Ordinal);
    }
}
