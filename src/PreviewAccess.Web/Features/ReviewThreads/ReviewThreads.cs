using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;

namespace PreviewAccess.Web.Features.ReviewThreads;

/// <summary>
/// One message of a review's conversation: a reviewer's question (a needs-info decision) or what was written after it.
/// Both sides read the same thread; nothing here is an internal justification.
/// </summary>
public sealed record ThreadMessage(bool FromStaff, string Author, string Body, DateTimeOffset At, bool IsQuestion, Surface? Surface);

/// <summary>
/// The conversation of an enrollment (no amendment) or of one amendment, oldest first: the reviewers' questions, taken
/// from the needs-info decisions themselves, and the messages written after them (<see cref="Data.Reviews.ReviewMessage"/>).
/// Callers pass the organization they already know the reader may see; an amendment of another organization is no thread.
/// </summary>
public sealed class ReviewThreadQueries(PortalDbContext db)
{
    public async Task<IReadOnlyList<ThreadMessage>> GetAsync(Guid organizationId, Guid? amendmentId, CancellationToken cancellationToken)
    {
        IEnumerable<(Surface Surface, string Question, Guid By, DateTimeOffset At)> questions;
        if (amendmentId is { } id)
        {
            var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.OrganizationId == organizationId, cancellationToken);
            if (amendment is null) return [];
            questions = amendment.Decisions.Where(d => d.Outcome == DecisionOutcome.NeedsInfo).Select(d => (d.Surface, d.Justification, d.DecidedBy, d.DecidedAt)).ToList();
        }
        else
        {
            var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
            if (organization is null) return [];
            questions = organization.Decisions.Where(d => d.Outcome == DecisionOutcome.NeedsInfo).Select(d => (d.Surface, d.Justification, d.DecidedBy, d.DecidedAt)).ToList();
        }

        var messages = await db.ReviewMessages.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.AmendmentId == amendmentId)
            .ToListAsync(cancellationToken);
        var authorIds = questions.Select(q => q.By).Concat(messages.Select(m => m.AuthorId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        return questions.Select(q => new ThreadMessage(true, names.GetValueOrDefault(q.By) ?? "Your account representative", q.Question, q.At, true, q.Surface))
            .Concat(messages.Select(m => new ThreadMessage(m.FromStaff, names.GetValueOrDefault(m.AuthorId) ?? (m.FromStaff ? "Your account representative" : "A partner"), m.Body, m.SentAt, false, m.Surface)))
            .OrderBy(m => m.At)
            .ToList();
    }
}
