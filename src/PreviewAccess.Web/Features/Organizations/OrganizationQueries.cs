using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Organizations;

public sealed record OrganizationFilter(
    string? Query = null,
    OrganizationStatus? Status = null,
    Guid? AccountRepId = null,
    Surface? Surface = null,
    bool? TrustedAccessForCyber = null,
    bool? PreviousAlphaParticipant = null);

public sealed record OrganizationListItem(Guid Id, string Name, string Country, OrganizationStatus Status, Guid AccountRepId,
    bool TrustedAccessForCyber, bool PreviousAlphaParticipant);

public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Reads of organizations for pages and the API: one organization whole, or a filtered list with keyset paging.</summary>
public sealed class OrganizationQueries(PortalDbContext db, TimeProvider clock)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async Task<OrganizationView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null) return null;
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == id).OrderBy(g => g.Surface).ThenBy(g => g.Identifier).ToListAsync(cancellationToken);
        var repEmail = await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return new OrganizationView(
            organization.Id,
            organization.Name,
            organization.Country,
            repEmail ?? string.Empty,
            organization.Status,
            organization.TrustedAccessForCyber,
            organization.PreviousAlphaParticipant,
            organization.GovernmentCoordination is { } coordination ? new GovernmentCoordinationView(coordination.SharedOn, coordination.Reference) : null,
            organization.Enrollment is { } enrollment ? ToView(enrollment, organization) : null,
            grants.Select(g => GrantView.From(g, organization)).ToList(),
            organization.Invitations.OrderByDescending(i => i.SentAt).Select(i => InvitationView.From(i, now)).ToList(),
            organization.Version,
            organization.AccountRepId);
    }

    /// <summary>
    /// Organizations ordered by name (then id), <paramref name="limit"/> at a time; <paramref name="after"/> is the
    /// previous page's <see cref="Page{T}.Next"/>. Keyset paging: page 1,000 costs what page 1 costs.
    /// </summary>
    public async Task<Page<OrganizationListItem>> ListAsync(OrganizationFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = string.IsNullOrWhiteSpace(filter.Query)
            ? db.Organizations.AsNoTracking()
            : await MatchingAsync(filter.Query.Trim(), cancellationToken);
        if (filter.Status is { } status) query = query.Where(o => o.Status == status);
        if (filter.AccountRepId is { } rep) query = query.Where(o => o.AccountRepId == rep);
        if (filter.TrustedAccessForCyber is { } tac) query = query.Where(o => o.TrustedAccessForCyber == tac);
        if (filter.PreviousAlphaParticipant is { } alpha) query = query.Where(o => o.PreviousAlphaParticipant == alpha);
        if (filter.Surface is { } surface) query = query.Where(o => o.Enrollment != null && o.Enrollment.Surfaces.Contains(surface));

        if (Cursor.TryRead(after, out var lastName, out var lastId))
        {
            // The first condition is implied by the second; it is there so that the database reads the (Name, Id)
            // index from the cursor on instead of testing every row before it.
            query = query.Where(o => string.Compare(o.Name, lastName) >= 0
                && (string.Compare(o.Name, lastName) > 0 || o.Id.CompareTo(lastId) > 0));
        }

        var rows = await query.OrderBy(o => o.Name).ThenBy(o => o.Id).Take(limit + 1)
            .Select(o => new OrganizationListItem(o.Id, o.Name, o.Country, o.Status, o.AccountRepId, o.TrustedAccessForCyber, o.PreviousAlphaParticipant))
            .ToListAsync(cancellationToken);
        var next = rows.Count > limit ? Cursor.Write(rows[limit - 1].Name, rows[limit - 1].Id) : null;
        return new Page<OrganizationListItem>(rows.Take(limit).ToList(), next);
    }

    /// <summary>A name containing the text; or exactly an API organization ID, Codex workspace ID or account email.</summary>
    /// <remarks>
    /// One query ORing "name contains" with lookups in other tables can only be answered by reading every organization.
    /// So the exact matches are looked up first, each on its own index, and the list then asks for "name contains, or
    /// one of these ids". On PostgreSQL "name contains" is answered by the trigram index on lower("Name") (migration
    /// OrganizationSearchIndexes). The planner would rather walk the name index in page order and test each row, which
    /// is fast only when matches are spread evenly over the alphabet; a common word ("Fabrikam") clusters its matches
    /// in one stretch, and text that matches nothing reads the whole table. The OFFSET 0 keeps the match as a subquery
    /// of its own, so the trigram index finds every match and only those are sorted. Text under three characters has
    /// no trigram to look up: there walking in page order is the better plan, and the LINQ form below gives it.
    /// </remarks>
    private async Task<IQueryable<Organization>> MatchingAsync(string text, CancellationToken cancellationToken)
    {
        var pattern = ("%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%")
            .ToLower(CultureInfo.CurrentCulture);
        var exact = await ExactMatchesAsync(text, EmailAddress.Normalize(text), cancellationToken);
        if (db.Provider == DatabaseProvider.Postgres && text.Length >= 3)
        {
            return db.Organizations.FromSql($"""
                SELECT * FROM "Organizations" WHERE lower("Name") LIKE {pattern} ESCAPE '\' OR "Id" = ANY ({exact}) OFFSET 0
                """).AsNoTracking();
        }

        var organizations = db.Organizations.AsNoTracking();
        return exact.Length == 0
            ? organizations.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern, "\\"))
            : organizations.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern, "\\") || exact.Contains(o.Id));
    }

    /// <summary>The organizations that have <paramref name="text"/> as an identifier or <paramref name="email"/> as an account or invitation email, in one round trip.</summary>
    private async Task<Guid[]> ExactMatchesAsync(string text, string email, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // The email branch as an array containment, which the GIN index on "AccountEmails" answers ("= ANY" it cannot).
            return await db.Database.SqlQuery<Guid>($"""
                SELECT "OrganizationId" AS "Value" FROM "EnrollmentIdentifiers" WHERE "Value" = {text}
                UNION SELECT "OrganizationId" FROM "Grants" WHERE "Identifier" = {text}
                UNION SELECT "OrganizationId" FROM "Enrollments" WHERE "AccountEmails" @> ARRAY[{email}]::text[]
                UNION SELECT "OrganizationId" FROM "Invitations" WHERE "Email" = {email}
                """).ToArrayAsync(cancellationToken);
        }

        var byEnrollmentIdentifier = db.Organizations.Where(o => o.Enrollment != null && o.Enrollment.Identifiers.Any(i => i.Value == text)).Select(o => o.Id);
        var byGrantIdentifier = db.Grants.Where(g => g.Identifier == text).Select(g => g.OrganizationId);
        var byEnrollmentEmail = db.Organizations.Where(o => o.Enrollment != null && o.Enrollment.AccountEmails.Contains(email)).Select(o => o.Id);
        var byInvitationEmail = db.Invitations.Where(i => i.Email == email).Select(i => i.OrganizationId);
        return await byEnrollmentIdentifier.Union(byGrantIdentifier).Union(byEnrollmentEmail).Union(byInvitationEmail)
            .ToArrayAsync(cancellationToken);
    }

    public static int ClampLimit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    /// <summary>An opaque cursor: the last row's sort key, base64url-encoded.</summary>
    internal static class Cursor
    {
        public static string Write(string name, Guid id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id:N}{name}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryRead(string? cursor, out string name, out Guid id)
        {
            name = string.Empty;
            id = Guid.Empty;
            if (string.IsNullOrEmpty(cursor) || cursor.Length > 2000) return false;
            try
            {
                var padded = cursor.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
                if (text.Length < 32 || !Guid.TryParseExact(text[..32], "N", out id)) return false;
                name = text[32..];
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        public static bool IsValid(string? cursor) => cursor is null || TryRead(cursor, out _, out _);
    }

    private static EnrollmentView ToView(EnrollmentSubmission enrollment, Organization organization) => new(
        enrollment.LegalName,
        enrollment.Country,
        enrollment.Surfaces,
        [.. enrollment.IdentifiersFor(Surface.Api)],
        [.. enrollment.IdentifiersFor(Surface.Codex)],
        enrollment.AccountEmails,
        enrollment.IntendedUse,
        enrollment.CustomerFacing,
        TermsAccepted: true,
        enrollment.SubmittedAt,
        enrollment.SubmittedByStaff,
        organization.Decisions.Select(d => new DecisionView(d.Surface, d.Outcome.ToString(), d.Justification, d.DecidedAt)).ToList());
}
