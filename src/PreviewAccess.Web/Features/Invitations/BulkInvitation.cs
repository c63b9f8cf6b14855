using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Invitations;

/// <summary>What is wrong with one row of the file (row 1 is the header, as a spreadsheet numbers it), or with the file itself (row 0).</summary>
public sealed record ImportProblem(int Row, string? Column, string Message);

public sealed record ImportedInvitation(Guid OrganizationId, string OrganizationName, string Email);

/// <summary>Either every row was imported, or none was and <see cref="Problems"/> says why.</summary>
public sealed record BulkInvitationReport(IReadOnlyList<ImportedInvitation> Imported, IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Nominates and invites many organizations from one CSV upload. Every row is checked before anything is written;
/// a file with any bad row imports nothing, and each bad row is reported. A good file is imported in one
/// transaction: the organizations, their invitations, the audit events and the mails (through the outbox).
/// </summary>
public sealed class BulkInvitation(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    MailOutbox outbox,
    InvitationSender sender,
    StaffDirectory staff,
    UserManager<PortalUser> users,
    ICurrentActor actor,
    ProgramPermissions permissions,
    IOptions<ProgramOptions> program,
    TimeProvider clock)
{
    public const int MaxRows = 500;
    public const long MaxBytes = 1024 * 1024;

    public const string OrganizationColumn = "organization";
    public const string CountryColumn = "country";
    public const string ContactEmailColumn = "contact_email";
    public const string AccountRepColumn = "account_rep_email";
    public const string TrustedAccessColumn = "trusted_access_for_cyber";
    public const string AlphaColumn = "previous_alpha";

    public static IReadOnlyList<string> Columns { get; } = [OrganizationColumn, CountryColumn, ContactEmailColumn, AccountRepColumn, TrustedAccessColumn, AlphaColumn];

    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with
    {
        HasHeader = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        NormalizeHeaderName = name => name.Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant(),
    };

    private sealed record Row(int Number, string Name, string Country, string Email, PortalUser Rep, bool TrustedAccessForCyber, bool PreviousAlpha);

    public async Task<BulkInvitationReport> ImportAsync(Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<ImportProblem>();
        var rows = await ReadAsync(file, problems, cancellationToken);
        if (problems.Count > 0) return new BulkInvitationReport([], problems);
        if (rows.Count == 0) return new BulkInvitationReport([], [new ImportProblem(0, null, "The file has no rows under its header.")]);

        var names = rows.Select(r => r.Name.ToLowerInvariant()).ToList();
        var existing = await db.Organizations.AsNoTracking().Where(o => names.Contains(o.Name.ToLower())).Select(o => o.Name.ToLower()).ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => existing.Contains(r.Name.ToLowerInvariant())))
        {
            problems.Add(new ImportProblem(row.Number, OrganizationColumn, $"An organization named '{row.Name}' already exists; invite it from its own page."));
        }

        if (problems.Count > 0) return new BulkInvitationReport([], problems);

        var imported = await unitOfWork.RunAsync(ct =>
        {
            var now = clock.GetUtcNow();
            var done = new List<ImportedInvitation>();
            foreach (var row in rows)
            {
                var organization = Organization.Nominate(row.Name, row.Country, row.Rep.Id, now, row.TrustedAccessForCyber, row.PreviousAlpha);
                db.Organizations.Add(organization);
                audit.Record(AuditAction.OrganizationNominated, "Organization", organization.Id, null, OrganizationChanges.AuditState.Of(organization), organization.Id);

                var before = OrganizationChanges.AuditState.Of(organization);
                var token = SecretToken.Issue();
                var invitation = organization.Invite(row.Email, token.Hash, actor.UserId ?? Guid.Empty, now, program.Value.InvitationLifetime);
                audit.Record(AuditAction.InvitationSent, "Organization", organization.Id, before, OrganizationChanges.AuditState.Of(organization), organization.Id);
                var representative = string.IsNullOrWhiteSpace(row.Rep.DisplayName) ? "Your account representative" : row.Rep.DisplayName;
                outbox.Queue(PartnerMail.Invitation(invitation.Email, organization.Name, sender.AcceptUrl(token.Secret), invitation.ExpiresAt, representative));
                done.Add(new ImportedInvitation(organization.Id, organization.Name, invitation.Email));
            }

            return Task.FromResult(done);
        }, cancellationToken);
        return new BulkInvitationReport(imported, []);
    }

    private async Task<List<Row>> ReadAsync(Stream file, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        var reps = new Dictionary<string, PortalUser?>(StringComparer.OrdinalIgnoreCase);
        var uploader = await UploaderAsRepAsync();
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenEmails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await using var reader = CsvReader.Create(file, ReaderOptions, leaveOpen: true);
            await reader.ReadHeaderAsync(cancellationToken);
            var missing = new[] { OrganizationColumn, CountryColumn, ContactEmailColumn }.Where(c => !reader.TryGetFieldIndex(c, out _)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new ImportProblem(1, null, $"The header must name the columns {string.Join(", ", Columns.Take(3))}; missing: {string.Join(", ", missing)}."));
                return rows;
            }

            var hasRep = reader.TryGetFieldIndex(AccountRepColumn, out _);
            var hasTac = reader.TryGetFieldIndex(TrustedAccessColumn, out _);
            var hasAlpha = reader.TryGetFieldIndex(AlphaColumn, out _);
            while (await reader.ReadAsync(cancellationToken))
            {
                var number = checked((int)reader.RowNumber) + 1;
                if (number - 1 > MaxRows)
                {
                    problems.Add(new ImportProblem(number, null, $"A file can hold at most {MaxRows} rows; split it into several files."));
                    break;
                }

                var rowProblems = new List<ImportProblem>();
                void Problem(string column, string message) => rowProblems.Add(new ImportProblem(number, column, message));

                // Each cell through the one rule for text, as a form field would be; null when refused (and reported).
                string? Cell(string column, bool present = true)
                {
                    var normalized = InputText.Normalize(present ? reader.GetString(column) : null);
                    if (normalized.Refusal is { } refusal) Problem(column, refusal);
                    return normalized.IsRefused ? null : normalized.Text ?? string.Empty;
                }

                // A refused cell (null) has its problem already: no second one on the same cell.
                var name = Cell(OrganizationColumn);
                if (name?.Length == 0) Problem(OrganizationColumn, "Enter the organization's name.");
                else if (name?.Length > Organization.MaxNameLength) Problem(OrganizationColumn, $"The name can be at most {Organization.MaxNameLength} characters.");
                else if (name is not null && seenNames.TryGetValue(name, out var firstName)) Problem(OrganizationColumn, $"The organization '{name}' is also on row {firstName}.");
                else if (name is not null) seenNames[name] = number;

                var country = Cell(CountryColumn);
                if (country is not null && !Countries.IsValid(country)) Problem(CountryColumn, $"'{country}' is not a two-letter ISO 3166-1 country code, e.g. US or DE.");

                var email = Cell(ContactEmailColumn);
                if (email is not null && !EmailAddress.IsValid(email)) Problem(ContactEmailColumn, $"'{email}' is not a valid email address.");
                else if (email is not null && seenEmails.TryGetValue(email, out var firstEmail)) Problem(ContactEmailColumn, $"The contact {email} is also on row {firstEmail}.");
                else if (email is not null) seenEmails[email] = number;

                PortalUser? rep = uploader;
                var repEmail = Cell(AccountRepColumn, hasRep);
                if (!string.IsNullOrEmpty(repEmail))
                {
                    if (!reps.TryGetValue(repEmail, out rep)) reps[repEmail] = rep = EmailAddress.IsValid(repEmail) ? await staff.FindAccountRepAsync(repEmail) : null;
                    if (rep is null) Problem(AccountRepColumn, $"No account representative has the email '{repEmail}'.");
                }
                else if (rep is null && repEmail is not null)
                {
                    Problem(AccountRepColumn, "Name the account representative: you are not one yourself.");
                }

                // The same rule as inviting one organization: a representative nominates into their own portfolio.
                if (rep is not null && permissions.Refusal(ProgramAction.NominateOrganization, new PortfolioOf(Guid.Empty, rep.Id)) is not null)
                {
                    Problem(AccountRepColumn, $"Only an admin can nominate an organization for another representative ({rep.Email}).");
                }

                var trusted = ReadFlag(Cell(TrustedAccessColumn, hasTac), TrustedAccessColumn, Problem);
                var alpha = ReadFlag(Cell(AlphaColumn, hasAlpha), AlphaColumn, Problem);

                if (rowProblems.Count > 0) problems.AddRange(rowProblems);
                else rows.Add(new Row(number, name!, Countries.Normalize(country!), EmailAddress.Normalize(email!), rep!, trusted, alpha));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new ImportProblem(checked((int)e.RecordNumber) + 1, null, "This row is not valid CSV (check its quotes)."));
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidDataException)
        {
            problems.Add(new ImportProblem(0, null, "The file could not be read as CSV text (UTF-8)."));
        }

        return rows;
    }

    private static bool ReadFlag(string? value, string column, Action<string, string> problem)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "no" or "false" or "n" or "0":
                return false;
            case "yes" or "true" or "y" or "1":
                return true;
            default:
                problem(column, $"'{value}' is not yes or no.");
                return false;
        }
    }

    private async Task<PortalUser?> UploaderAsRepAsync()
    {
        if (actor.UserId is not { } id || await users.FindByIdAsync(id.ToString()) is not { } user) return null;
        return await staff.FindAccountRepAsync(user.Email ?? string.Empty);
    }
}
