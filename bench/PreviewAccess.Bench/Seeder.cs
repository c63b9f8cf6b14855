using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace PreviewAccess.Bench;

/// <summary>
/// Fills a migrated, empty portal database with a program at scale, valid per DOMAIN.md: every organization
/// Reviewed (one in 33 Suspended from Reviewed) with government coordination recorded, a submitted enrollment
/// requesting both surfaces, an Approve decision per surface and one grant per enrollment identifier, in real
/// states (mostly Enabled; some Approved, Suspended, Revoked, Expired). Identifiers and emails are unique per
/// organization, so each check below has one known answer. Binary COPY with the session in replica mode: the
/// access-change and audit triggers do not fire for a bulk load that no running instance has seen yet, and the
/// seed writes no audit history (the log stays a valid, empty chain).
/// Also writes the targets the harness replays: check-paths.txt (wrk), check-expected.tsv (verify),
/// propagation.tsv, search-paths.txt and list-paths.txt (the admin page), support-paths.txt (the support desk's lookup).
/// </summary>
internal static class Seeder
{
    private static readonly string[] FirstWords = ["Northwind", "Contoso", "Fabrikam", "Litware", "Adventure", "Tailspin", "Wingtip", "Proseware", "Lumen", "Quartz", "Cobalt", "Meridian", "Harbor", "Summit", "Aurora", "Granite", "Willow", "Vertex", "Beacon", "Cedar"];
    private static readonly string[] SecondWords = ["Systems", "Labs", "Analytics", "Health", "Logistics", "Robotics", "Finance", "Media", "Energy", "Software", "Research", "Partners", "Studios", "Networks", "Foods", "Motors", "Security", "Learning", "Travel", "Bio"];
    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "JP", "CA", "NL", "SE", "AU", "BR", "IN", "KR"];
    private static readonly string[][] ModelSets = [["gpt-5.6-sol"], ["gpt-5.6-sol", "gpt-5.6-terra"], ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"], ["gpt-5.6-terra"], ["gpt-5.6-luna", "gpt-5.6-terra"]];
    private const string Luna = "gpt-5.6-luna";
    private const string Sol = "gpt-5.6-sol";
    private const int EmailsPerOrganization = 4;

    private enum GrantState { Enabled, Approved, Suspended, Revoked, Expired }

    public static async Task<int> RunAsync(Options options)
    {
        var connectionString = options.Required("connection");
        var rep = Guid.Parse(options.Required("rep"));
        var admin = Guid.Parse(options.Required("admin"));
        var outDir = options.Required("out");
        var organizations = options.Number("organizations", 100_000);
        var grantsPerOrganization = options.Number("grants-per-organization", 10);
        if (grantsPerOrganization is < 2 or > 20 || grantsPerOrganization % 2 != 0) throw new BenchException("--grants-per-organization must be even, 2 to 20 (half Api, half Codex).");
        Directory.CreateDirectory(outDir);

        var clock = Stopwatch.StartNew();
        var program = new SeededProgram(organizations, grantsPerOrganization, DateTime.UtcNow);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "SET session_replication_role = replica");
            await CopyOrganizationsAsync(connection, program, rep, admin);
            await CopyEnrollmentsAsync(connection, program, rep);
            await CopyIdentifiersAsync(connection, program);
            await CopyDecisionsAsync(connection, program, rep);
            await CopyGrantsAsync(connection, program, rep);
            await ExecuteAsync(connection, "SET session_replication_role = origin");
            // Rows written past the triggers are in no change log: a stored snapshot image (none in a new database)
            // would not know of them, so none may stay.
            await ExecuteAsync(connection, "DELETE FROM \"AccessSnapshotImage\"");
            await ExecuteAsync(connection, "ANALYZE");
            await WriteListPathsAsync(connection, outDir, rep);
        }

        await WriteCheckTargetsAsync(program, outDir);
        await WritePropagationTargetsAsync(program, outDir);
        await WriteSearchPathsAsync(program, outDir);
        await WriteSupportPathsAsync(program, outDir);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {organizations:N0} organizations, {organizations * grantsPerOrganization:N0} grants, {organizations * grantsPerOrganization:N0} enrollment identifiers in {clock.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>Everything derives from the organization's index, so the targets know each answer without reading back.</summary>
    private sealed class SeededProgram(int organizations, int grantsPerOrganization, DateTime now)
    {
        public int Organizations { get; } = organizations;
        public int GrantsPerOrganization { get; } = grantsPerOrganization;
        public DateTime Now { get; } = now;
        public Guid[] OrganizationIds { get; } = Enumerable.Range(0, organizations).Select(_ => Guid.CreateVersion7()).ToArray();
        public Guid[] GrantIds { get; } = Enumerable.Range(0, organizations * grantsPerOrganization).Select(_ => Guid.CreateVersion7()).ToArray();

        public static string Name(int i) => $"{FirstWords[i % FirstWords.Length]} {SecondWords[i / FirstWords.Length % SecondWords.Length]} {i:D6}";

        public static string Country(int i) => Countries[i % Countries.Length];

        public static bool IsSuspended(int i) => i % 33 == 0;

        public static string Email(int i, int n) => $"dev{n}@o{i:D6}.bench.example";

        public static string[] Emails(int i) => [.. Enumerable.Range(0, EmailsPerOrganization).Select(n => Email(i, n))];

        public int IdentifiersPerSurface => GrantsPerOrganization / 2;

        public static string ApiId(int i, int k) => "org-" + $"bench{i:D8}{k:D2}".PadRight(24, '0');

        public static string WorkspaceId(int i, int k) => $"ws-bench-{i:D6}-{k:D2}";

        public bool IsApi(int k) => k < IdentifiersPerSurface;

        public string Identifier(int i, int k) => IsApi(k) ? ApiId(i, k) : WorkspaceId(i, k - IdentifiersPerSurface);

        /// <summary>The last enrollment email is never on a grant: it is known, but not approved.</summary>
        public static string[] GrantEmails(int i, int k) => [Email(i, k % (EmailsPerOrganization - 1)), Email(i, (k + 1) % (EmailsPerOrganization - 1))];

        public static string[] GrantModels(int i, int k) => ModelSets[(i + k) % ModelSets.Length];

        public static GrantState State(int i, int k) => (((i * 7) + (k * 13)) % 100) switch
        {
            < 80 => GrantState.Enabled,
            < 87 => GrantState.Approved,
            < 92 => GrantState.Suspended,
            < 96 => GrantState.Revoked,
            _ => GrantState.Expired,
        };
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task CopyOrganizationsAsync(NpgsqlConnection connection, SeededProgram program, Guid rep, Guid admin)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Organizations" ("Id", "Name", "Country", "AccountRepId", "Status", "StatusBeforeSuspension", "SuspensionReason", "TrustedAccessForCyber", "PreviousAlphaParticipant", "GovernmentCoordinationSharedOn", "GovernmentCoordinationReference", "GovernmentCoordinationRecordedBy", "GovernmentCoordinationRecordedAt", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < program.Organizations; i++)
        {
            var suspended = SeededProgram.IsSuspended(i);
            await writer.StartRowAsync();
            await writer.WriteAsync(program.OrganizationIds[i], NpgsqlDbType.Uuid);
            await writer.WriteAsync(SeededProgram.Name(i), NpgsqlDbType.Varchar);
            await writer.WriteAsync(SeededProgram.Country(i), NpgsqlDbType.Varchar);
            await writer.WriteAsync(rep, NpgsqlDbType.Uuid);
            await writer.WriteAsync(suspended ? "Suspended" : "Reviewed", NpgsqlDbType.Varchar);
            await WriteOrNullAsync(writer, suspended ? "Reviewed" : null, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(writer, suspended ? "Bench: suspended pending a contract review." : null, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i % 7 == 0, NpgsqlDbType.Boolean);
            await writer.WriteAsync(i % 11 == 0, NpgsqlDbType.Boolean);
            await writer.WriteAsync(DateOnly.FromDateTime(program.Now.AddDays(-30)), NpgsqlDbType.Date);
            await writer.WriteAsync($"GOV-BENCH-{i:D6}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(admin, NpgsqlDbType.Uuid);
            await writer.WriteAsync(program.Now.AddDays(-30), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(program.Now.AddDays(-60).AddSeconds(i), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(suspended ? 2 : 1, NpgsqlDbType.Integer);
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyEnrollmentsAsync(NpgsqlConnection connection, SeededProgram program, Guid rep)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Enrollments" ("OrganizationId", "LegalName", "Country", "Surfaces", "AccountEmails", "IntendedUse", "CustomerFacing", "TermsAcceptedAt", "SubmittedAt", "SubmittedBy", "SubmittedByStaff") FROM STDIN (FORMAT BINARY)""");
        string[] surfaces = ["Api", "Codex"];
        for (var i = 0; i < program.Organizations; i++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(program.OrganizationIds[i], NpgsqlDbType.Uuid);
            await writer.WriteAsync(SeededProgram.Name(i) + " Ltd", NpgsqlDbType.Varchar);
            await writer.WriteAsync(SeededProgram.Country(i), NpgsqlDbType.Varchar);
            await writer.WriteAsync(surfaces, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(SeededProgram.Emails(i), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync("Internal developer tooling and evaluation (bench data).", NpgsqlDbType.Varchar);
            await writer.WriteAsync(i % 2 == 0, NpgsqlDbType.Boolean);
            await writer.WriteAsync(program.Now.AddDays(-50), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(program.Now.AddDays(-50), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(rep, NpgsqlDbType.Uuid);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyIdentifiersAsync(NpgsqlConnection connection, SeededProgram program)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "EnrollmentIdentifiers" ("Surface", "Value", "OrganizationId") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < program.Organizations; i++)
        {
            for (var k = 0; k < program.GrantsPerOrganization; k++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(program.IsApi(k) ? "Api" : "Codex", NpgsqlDbType.Varchar);
                await writer.WriteAsync(program.Identifier(i, k), NpgsqlDbType.Varchar);
                await writer.WriteAsync(program.OrganizationIds[i], NpgsqlDbType.Uuid);
            }
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyDecisionsAsync(NpgsqlConnection connection, SeededProgram program, Guid rep)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "SurfaceDecisions" ("Surface", "Outcome", "Justification", "DecidedBy", "DecidedAt", "OrganizationId") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < program.Organizations; i++)
        {
            foreach (var surface in new[] { "Api", "Codex" })
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(surface, NpgsqlDbType.Varchar);
                await writer.WriteAsync("Approve", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Bench: meets the program's criteria.", NpgsqlDbType.Varchar);
                await writer.WriteAsync(rep, NpgsqlDbType.Uuid);
                await writer.WriteAsync(program.Now.AddDays(-45), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(program.OrganizationIds[i], NpgsqlDbType.Uuid);
            }
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyGrantsAsync(NpgsqlConnection connection, SeededProgram program, Guid rep)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Grants" ("Id", "OrganizationId", "Surface", "Identifier", "Models", "AccountEmails", "Status", "StatusBeforeSuspension", "StatusReason", "ExpiresOn", "WaveId", "ApprovedBy", "SecondApprovedBy", "Justification", "CreatedAt", "EnabledAt", "Version") FROM STDIN (FORMAT BINARY)""");
        var today = DateOnly.FromDateTime(program.Now);
        for (var i = 0; i < program.Organizations; i++)
        {
            for (var k = 0; k < program.GrantsPerOrganization; k++)
            {
                var state = SeededProgram.State(i, k);
                var wasEnabled = state is GrantState.Enabled or GrantState.Suspended or GrantState.Revoked or GrantState.Expired;
                await writer.StartRowAsync();
                await writer.WriteAsync(program.GrantIds[(i * program.GrantsPerOrganization) + k], NpgsqlDbType.Uuid);
                await writer.WriteAsync(program.OrganizationIds[i], NpgsqlDbType.Uuid);
                await writer.WriteAsync(program.IsApi(k) ? "Api" : "Codex", NpgsqlDbType.Varchar);
                await writer.WriteAsync(program.Identifier(i, k), NpgsqlDbType.Varchar);
                await writer.WriteAsync(SeededProgram.GrantModels(i, k), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(SeededProgram.GrantEmails(i, k), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(state.ToString(), NpgsqlDbType.Varchar);
                await WriteOrNullAsync(writer, state == GrantState.Suspended ? "Enabled" : null, NpgsqlDbType.Varchar);
                await WriteOrNullAsync(writer, state is GrantState.Suspended or GrantState.Revoked ? "Bench: usage under review." : null, NpgsqlDbType.Varchar);
                if (state == GrantState.Expired) await writer.WriteAsync(today.AddDays(-3), NpgsqlDbType.Date);
                else if (k % 4 == 0) await writer.WriteAsync(today.AddDays(180), NpgsqlDbType.Date);
                else await writer.WriteNullAsync();
                await writer.WriteNullAsync();
                await writer.WriteAsync(rep, NpgsqlDbType.Uuid);
                await writer.WriteNullAsync();
                await writer.WriteAsync("Bench: approved for the preview.", NpgsqlDbType.Varchar);
                await writer.WriteAsync(program.Now.AddDays(-45), NpgsqlDbType.TimestampTz);
                if (wasEnabled) await writer.WriteAsync(program.Now.AddDays(-40), NpgsqlDbType.TimestampTz);
                else await writer.WriteNullAsync();
                await writer.WriteAsync(wasEnabled ? 3 : 1, NpgsqlDbType.Integer);
            }
        }

        await writer.CompleteAsync();
    }

    private static async Task WriteOrNullAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is null) await writer.WriteNullAsync();
        else await writer.WriteAsync(value, type);
    }

    private static string CheckPath(string surface, string identifier, string email, string model, string? country = null) =>
        $"/api/v1/access/check?surface={surface}&identifier={Uri.EscapeDataString(identifier)}&email={Uri.EscapeDataString(email)}&model={model}"
        + (country is null ? string.Empty : "&country=" + country);

    /// <summary>Half allowed, half denied over seven different reasons, spread over the whole program.</summary>
    private static async Task WriteCheckTargetsAsync(SeededProgram program, string outDir)
    {
        var random = new Random(5);
        var targets = new List<(string Path, string Reason)>();
        while (targets.Count < 20_000)
        {
            var i = random.Next(program.Organizations);
            var k = random.Next(program.GrantsPerOrganization);
            var surface = program.IsApi(k) ? "Api" : "Codex";
            var identifier = program.Identifier(i, k);
            var email = SeededProgram.GrantEmails(i, k)[random.Next(2)];
            var models = SeededProgram.GrantModels(i, k);
            var model = models[random.Next(models.Length)];
            var state = SeededProgram.State(i, k);
            var usable = state == GrantState.Enabled && !SeededProgram.IsSuspended(i);
            var roll = random.Next(14);
            if (roll < 7)
            {
                if (usable) targets.Add((CheckPath(surface, identifier, email, model), "Allowed"));
                continue;
            }

            switch (roll)
            {
                case 7:
                    if (!usable && state != GrantState.Approved) targets.Add((CheckPath(surface, identifier, email, model), "Suspended"));
                    break;
                case 8:
                    if (state == GrantState.Approved && !SeededProgram.IsSuspended(i)) targets.Add((CheckPath(surface, identifier, email, model), "NotYetEnabled"));
                    break;
                case 9:
                    if (usable) targets.Add((CheckPath(surface, identifier, SeededProgram.Email(i, EmailsPerOrganization - 1), model), "EmailNotApproved"));
                    break;
                case 10:
                    var missing = new[] { Sol, Luna }.FirstOrDefault(m => !models.Contains(m));
                    if (usable && missing is not null) targets.Add((CheckPath(surface, identifier, email, missing), "ModelNotIncluded"));
                    break;
                case 11:
                    if (usable) targets.Add((CheckPath(surface, identifier, email, model, "RU"), "UnsupportedRegion"));
                    break;
                case 12:
                    targets.Add((CheckPath("Api", "org-" + $"nobody{i:D8}".PadRight(24, 'z'), $"nobody{i}@unknown.bench.example", Sol), "UnknownIdentifier"));
                    break;
                default:
                    targets.Add((CheckPath("ChatGPT", identifier, email, model), "SurfaceNotInPreview"));
                    break;
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "check-paths.txt"), targets.Select(t => t.Path));
        await File.WriteAllLinesAsync(Path.Combine(outDir, "check-expected.tsv"), targets.Select(t => t.Path + "\t" + t.Reason));
    }

    /// <summary>Enabled grants of organizations that are not suspended: suspending one flips its check to denied.</summary>
    private static async Task WritePropagationTargetsAsync(SeededProgram program, string outDir)
    {
        var random = new Random(6);
        var lines = new List<string>();
        while (lines.Count < 200)
        {
            var i = random.Next(program.Organizations);
            var k = random.Next(program.GrantsPerOrganization);
            if (SeededProgram.IsSuspended(i) || SeededProgram.State(i, k) != GrantState.Enabled) continue;
            var path = CheckPath(program.IsApi(k) ? "Api" : "Codex", program.Identifier(i, k), SeededProgram.GrantEmails(i, k)[0], SeededProgram.GrantModels(i, k)[0]);
            lines.Add($"{program.GrantIds[(i * program.GrantsPerOrganization) + k]}\t{path}");
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "propagation.tsv"), lines.Distinct());
    }

    /// <summary>What staff type: a common word, a name fragment, one organization's number, an API org ID, a workspace ID, an email, nothing that exists.</summary>
    private static async Task WriteSearchPathsAsync(SeededProgram program, string outDir)
    {
        var random = new Random(7);
        var paths = new List<string>();
        for (var n = 0; n < 1_000; n++)
        {
            var i = random.Next(program.Organizations);
            var k = random.Next(program.IdentifiersPerSurface);
            string query = (n % 7) switch
            {
                0 => FirstWords[i % FirstWords.Length],
                1 => SeededProgram.Name(i)[..(SeededProgram.Name(i).Length - 4)].ToLowerInvariant(),
                2 => i.ToString("D6", CultureInfo.InvariantCulture),
                3 => SeededProgram.ApiId(i, k),
                4 => SeededProgram.WorkspaceId(i, k),
                5 => SeededProgram.Email(i, random.Next(EmailsPerOrganization)),
                _ => $"no such organization {i}",
            };
            paths.Add("/Admin/Organizations?q=" + Uri.EscapeDataString(query));
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "search-paths.txt"), paths);
    }

    /// <summary>What the support desk looks an organization up by: an API org ID, a Codex workspace ID, an account email.</summary>
    private static async Task WriteSupportPathsAsync(SeededProgram program, string outDir)
    {
        var random = new Random(9);
        var paths = new List<string>();
        for (var n = 0; n < 1_000; n++)
        {
            var i = random.Next(program.Organizations);
            var k = random.Next(program.IdentifiersPerSurface);
            var query = (n % 3) switch
            {
                0 => SeededProgram.ApiId(i, k),
                1 => SeededProgram.WorkspaceId(i, k),
                _ => SeededProgram.Email(i, random.Next(EmailsPerOrganization)),
            };
            paths.Add("/Support?q=" + Uri.EscapeDataString(query));
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "support-paths.txt"), paths);
    }

    /// <summary>The list as staff page through it: the first page, deep pages by cursor, and the filters.</summary>
    private static async Task WriteListPathsAsync(NpgsqlConnection connection, string outDir, Guid rep)
    {
        var paths = new List<string> { "/Admin/Organizations", "/Admin/Organizations?status=Suspended", "/Admin/Organizations?tac=true", "/Admin/Organizations?surface=Codex", $"/Admin/Organizations?rep={rep}" };
        await using (var command = new NpgsqlCommand("""SELECT "Name", "Id" FROM "Organizations" ORDER BY "Name", "Id" OFFSET $1 LIMIT 1""", connection))
        {
            var total = await CountAsync(connection);
            var random = new Random(8);
            for (var n = 0; n < 60; n++)
            {
                command.Parameters.Clear();
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = random.Next(Math.Max(1, total - 30)) });
                await using var reader = await command.ExecuteReaderAsync();
                if (!await reader.ReadAsync()) continue;
                var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{reader.GetGuid(1):N}{reader.GetString(0)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                paths.Add("/Admin/Organizations?after=" + cursor);
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "list-paths.txt"), paths);
    }

    private static async Task<int> CountAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Organizations" """, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
