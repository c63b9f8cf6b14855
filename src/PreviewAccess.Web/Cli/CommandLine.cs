using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Staff;

namespace PreviewAccess.Web.Cli;

/// <summary>
/// Commands on the same binary as the portal, against whichever database it is configured for:
/// <c>users create --email E --role R --password-stdin</c> (or <c>--send-password-link</c>: the person is mailed a link
/// to choose their own password) and <c>api-keys create --user E --name N --scope S [--scope S …]</c>.
/// Exit codes: 0 done, 2 bad input, 1 refused by the data (e.g. unknown user). Text arguments pass the same input rule
/// as every form field (<see cref="InputText"/>); a refused one is bad input.
/// </summary>
public static class CommandLine
{
    private const int Ok = 0;
    private const int Refused = 1;
    private const int BadInput = 2;

    private static readonly string[] Commands = ["users", "api-keys"];

    public static bool IsCommand(string[] args) => args is [var first, ..] && Commands.Contains(first, StringComparer.Ordinal);

    /// <summary>Host settings (<c>--Database:Provider=…</c> and the like) may follow the command; the rest is the command's own.</summary>
    public static string[] HostArguments(string[] args) =>
        [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        await using var scope = services.CreateAsyncScope();
        try
        {
            var parsed = ParsedArguments.Parse(args.Skip(2).Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))));
            return (args[0], args.ElementAtOrDefault(1)) switch
            {
                ("users", "create") => await CreateUserAsync(scope.ServiceProvider, parsed, stdin, stdout, stderr),
                ("api-keys", "create") => await CreateApiKeyAsync(scope.ServiceProvider, parsed, stdout, stderr),
                _ => Usage(stderr),
            };
        }
        catch (CommandLineException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return BadInput;
        }
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, ParsedArguments parsed, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var email = parsed.Single("email");
        var role = parsed.Single("role");
        var sendLink = parsed.Flag("send-password-link");
        if (sendLink && parsed.Flag("password-stdin")) throw new CommandLineException("Give --password-stdin or --send-password-link, not both.");
        if (!sendLink && !parsed.Flag("password-stdin"))
        {
            throw new CommandLineException("Give the password on standard input with --password-stdin (never as an argument), or mail the person a link to choose it with --send-password-link.");
        }

        if (!EmailAddress.IsValid(email)) throw new CommandLineException($"'{email}' is not a valid email address.");
        var staffRole = Roles.StaffRoles.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
            ?? throw new CommandLineException($"'{role}' is not a staff role: use {string.Join(", ", Roles.StaffRoles)}.");
        if (sendLink) return await InviteUserAsync(services, EmailAddress.Normalize(email), staffRole, parsed.Optional("display-name"), stdout, stderr);
        var password = (await stdin.ReadLineAsync())?.TrimEnd('\r') ?? string.Empty;
        if (password.Length == 0) throw new CommandLineException("No password was given on standard input.");
        // Checked like the password field of a form, never changed.
        if (InputText.RefusalOf(password, TextKind.Secret) is { } refusal) throw new CommandLineException("The password on standard input: " + refusal);

        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var normalized = EmailAddress.Normalize(email);
        var user = new PortalUser
        {
            UserName = normalized,
            Email = normalized,
            EmailConfirmed = true,
            DisplayName = parsed.Optional("display-name") ?? normalized,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await stderr.WriteLineAsync("The user was not created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? BadInput : Refused;
        }

        await users.AddToRoleAsync(user, staffRole);
        await stdout.WriteLineAsync(user.Id.ToString());
        return Ok;
    }

    /// <summary>
    /// The staff page's use case: the account without a password, and the mail with the link queued in the outbox in the
    /// same transaction. A running portal instance delivers it (this process does not wait for that).
    /// </summary>
    private static async Task<int> InviteUserAsync(IServiceProvider services, string email, string role, string? displayName, TextWriter stdout, TextWriter stderr)
    {
        if (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email) is not null)
        {
            await stderr.WriteLineAsync($"The user was not created: someone already has an account with the email '{email}'.");
            return Refused;
        }

        var created = await services.GetRequiredService<StaffUsers>().CreateAsync(
            new CreateStaffUserInput(email, displayName ?? email, role, string.Empty, SendPasswordLink: true), CancellationToken.None);
        if (!created.Succeeded)
        {
            foreach (var message in created.Errors.SelectMany(e => e.Value).DefaultIfEmpty(created.Message ?? "The user was not created.")) await stderr.WriteLineAsync(message);
            return created.Kind == OutcomeKind.Invalid ? BadInput : Refused;
        }

        await stdout.WriteLineAsync(created.Value.ToString());
        await stderr.WriteLineAsync($"A link to choose a password is queued for {email}; a running portal instance mails it.");
        return Ok;
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, ParsedArguments parsed, TextWriter stdout, TextWriter stderr)
    {
        var email = parsed.Single("user");
        var name = parsed.Single("name");
        var scopes = parsed.Many("scope");
        if (scopes.Count == 0) throw new CommandLineException($"Give at least one --scope: {string.Join(", ", ApiScopes.All)}.");

        var db = services.GetRequiredService<PortalDbContext>();
        var normalized = EmailAddress.Normalize(email);
        var lookup = services.GetRequiredService<UserManager<PortalUser>>().NormalizeEmail(normalized);
        var owner = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == lookup).Select(u => new { u.Id, u.OrganizationId, u.IsDisabled }).FirstOrDefaultAsync();
        if (owner is null || owner.OrganizationId is not null || owner.IsDisabled)
        {
            await stderr.WriteLineAsync($"No active staff user has the email '{normalized}'.");
            return Refused;
        }

        // The admin area's use case: the same checks (a key does no more than its owner may) and an audit event.
        var created = await services.GetRequiredService<ApiKeyAdministration>().CreateAsync(new CreateApiKeyInput(name, scopes, owner.Id), CancellationToken.None);
        if (!created.Succeeded)
        {
            foreach (var message in created.Errors.SelectMany(e => e.Value).DefaultIfEmpty(created.Message ?? "The key was not created.")) await stderr.WriteLineAsync(message);
            return created.Kind == OutcomeKind.Invalid ? BadInput : Refused;
        }

        // The key alone on stdout, so that automation can capture it; it is never shown again.
        await stdout.WriteLineAsync(created.Value!.Secret);
        return Ok;
    }

    private static int Usage(TextWriter stderr)
    {
        stderr.WriteLine("""
            Usage:
              users create --email <email> --role <Admin|AccountRep|Support> (--password-stdin | --send-password-link) [--display-name <name>]
              api-keys create --user <staff email> --name <name> --scope <access:check|org:read|org:write> [--scope …]
            """);
        return BadInput;
    }
}

internal sealed class CommandLineException(string message) : Exception(message);

/// <summary><c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static ParsedArguments Parse(IEnumerable<string> args)
    {
        var parsed = new ParsedArguments();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new CommandLineException($"Unexpected argument '{list[i]}'.");
            var name = list[i][2..];
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                if (!parsed._values.TryGetValue(name, out var values)) parsed._values[name] = values = [];
                values.Add(list[++i]);
            }
            else
            {
                parsed._flags.Add(name);
            }
        }

        return parsed;
    }

    public string Single(string name) => _values.TryGetValue(name, out var values) switch
    {
        true when values.Count == 1 => Text(name, values[0]),
        true => throw new CommandLineException($"--{name} is given more than once."),
        false => throw new CommandLineException($"--{name} is required."),
    };

    public string? Optional(string name) => _values.TryGetValue(name, out var values) ? Text(name, values[^1]) : null;

    public IReadOnlyList<string> Many(string name) => _values.TryGetValue(name, out var values) ? [.. values.Select(v => Text(name, v))] : [];

    /// <summary>
    /// Every value through the portal's one rule (<see cref="InputText"/>), as a form field's: one line, composed (NFC)
    /// and trimmed; a control character, a line break, a lone surrogate or a noncharacter is bad input, naming the argument.
    /// </summary>
    private static string Text(string name, string value)
    {
        var normalized = InputText.Normalize(value, TextKind.SingleLine);
        return normalized.Refusal is { } refusal ? throw new CommandLineException($"--{name}: {refusal}") : normalized.Text!;
    }

    public bool Flag(string name) => _flags.Contains(name);
}
