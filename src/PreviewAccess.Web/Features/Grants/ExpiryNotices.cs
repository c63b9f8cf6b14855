using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>
/// The 14-day expiry notice: an organization's account representative is mailed, once per grant and expiry date,
/// what expires and when, with a link to the re-certification page. The grant's marker
/// (<see cref="ScopeGrant.ExpiryNoticeSentFor"/>) and the queued mail commit in one transaction, so a notice is neither
/// lost nor sent twice across restarts and instances: on PostgreSQL the grants are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and re-checked under the lock; on SQLite the version check settles a race.
/// A grant re-certified to a later date gets a notice again once that date comes within 14 days.
/// </summary>
public sealed class ExpiryNotices(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, MailOutbox outbox,
    IOptions<MailOptions> mailOptions, TimeProvider clock, ILogger<ExpiryNotices> logger)
{
    public const int BatchSize = 50;
    public const string RecertificationPath = "/Admin/Recertification";

    /// <returns>How many grants were noticed in this pass.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = today.AddDays(ScopeGrant.ExpiryNoticeDays);
        var due = await db.Grants.AsNoTracking()
            .Where(g => g.ExpiresOn != null && g.ExpiresOn >= today && g.ExpiresOn <= horizon && g.ExpiryNoticeSentFor != g.ExpiresOn
                && g.Status != GrantStatus.Revoked && g.Status != GrantStatus.Expired)
            .OrderBy(g => g.ExpiresOn).ThenBy(g => g.Id).Select(g => new { g.Id, g.OrganizationId }).Take(BatchSize)
            .ToListAsync(cancellationToken);
        var noticed = 0;
        foreach (var organization in due.GroupBy(g => g.OrganizationId))
        {
            noticed += await NotifyAsync(organization.Key, [.. organization.Select(g => g.Id)], cancellationToken);
        }

        return noticed;
    }

    /// <summary>One organization, one transaction: claim its due grants, mark them, queue one mail to its representative.</summary>
    private async Task<int> NotifyAsync(Guid organizationId, Guid[] grantIds, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var now = clock.GetUtcNow();
                var grants = (await LockAsync(grantIds, ct)).Where(g => g.IsExpiryNoticeDue(now)).OrderBy(g => g.ExpiresOn).ThenBy(g => g.Identifier, StringComparer.Ordinal).ToList();
                if (grants.Count == 0) return 0;
                var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
                    .Select(o => new { o.Name, o.AccountRepId }).SingleAsync(ct);
                var rep = await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId)
                    .Select(u => new { u.Email, u.DisplayName }).SingleOrDefaultAsync(ct);
                if (string.IsNullOrWhiteSpace(rep?.Email))
                {
                    logger.LogWarning("Organization {OrganizationId} has no account representative with an email; its expiry notice waits", organizationId);
                    return 0;
                }

                foreach (var grant in grants)
                {
                    var before = grant.ExpiryNoticeSentFor;
                    grant.RecordExpiryNotice(now);
                    audit.RecordAs(HttpCurrentActor.System, AuditAction.GrantExpiryNoticeSent, "Grant", grant.Id,
                        new { ExpiryNoticeSentFor = before }, new { grant.ExpiryNoticeSentFor, Recipient = rep.Email }, organizationId);
                }

                outbox.Queue(ExpiryNoticeMail.Build(rep.Email, rep.DisplayName, organization.Name, grants, now,
                    new Uri(mailOptions.Value.PublicUrl, RecertificationPath)));
                return grants.Count;
            }, noticed => noticed > 0, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance noticed these grants (or someone changed them) meanwhile: the next pass looks again.
            return 0;
        }
        finally
        {
            db.DiscardChanges();
        }
    }

    private async Task<List<ScopeGrant>> LockAsync(Guid[] grantIds, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await db.Grants.FromSql($"SELECT * FROM \"Grants\" WHERE \"Id\" = ANY({grantIds}) FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
        }

        // SQLite has one writer at a time; the version check on save settles any race.
        return await db.Grants.Where(g => grantIds.Contains(g.Id)).ToListAsync(cancellationToken);
    }
}

/// <summary>The mail the account representative receives 14 days before grants expire. Nothing secret is in it.</summary>
public static class ExpiryNoticeMail
{
    public static OutgoingMail Build(string to, string? representativeName, string organizationName, IReadOnlyList<ScopeGrant> grants,
        DateTimeOffset now, Uri recertificationUrl)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(recertificationUrl);
        var first = grants.Min(g => g.ExpiresOn!.Value);
        var lines = grants.Select(g =>
            $"  - {g.Surface.DisplayName()}, {g.Surface.IdentifierName()} {g.Identifier} ({string.Join(", ", g.Models)}): last day {Vocabulary.Day(g.ExpiresOn!.Value)}, in {Days(g.DaysUntilExpiry(now) ?? 0)}");
        return new(to, $"GPT-5.6 preview: access for {organizationName} expires on {Vocabulary.Day(first)}",
            $"""
            Hello{(string.IsNullOrWhiteSpace(representativeName) ? string.Empty : " " + representativeName)},

            Preview access of {organizationName}, one of the organizations you represent, is about to expire:

            {string.Join("\n", lines)}

            After its last day a grant ends and the organization's requests are refused. To keep access, re-certify the grant with a new expiry date; to end it sooner, revoke it. Both are on the re-certification page:

            {recertificationUrl}

            The GPT-5.6 preview program
            """);
    }

    private static string Days(int days) => days switch
    {
        0 => "less than a day (today is the last day)",
        1 => "1 day",
        _ => $"{days} days",
    };
}
