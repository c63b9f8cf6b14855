using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Support;

public sealed record SupportCaseRow(Guid Id, string Identifier, string Email, AffectedSurfaces Surfaces, SupportCaseCategory Category,
    SupportCaseStatus Status, string? OrganizationName, string? AssigneeName, DateTimeOffset OpenedAt);

public sealed record SupportCaseNoteView(string Text, string Author, DateTimeOffset At);

public sealed record SupportCaseDetails(Guid Id, Guid? OrganizationId, string? OrganizationName, string Identifier, string Email,
    AffectedSurfaces Surfaces, string ErrorMessage, string? RequestId, DateTimeOffset? OccurredAt, SupportCaseCategory Category,
    SupportCaseStatus Status, Guid? AssigneeId, string? AssigneeName, string OpenedBy, DateTimeOffset OpenedAt,
    IReadOnlyList<SupportCaseNoteView> Notes, int Version);

public sealed record StaffMember(Guid Id, string Name);

/// <summary>The support queue: cases from partners and from the API, with an assignee, a status and notes.</summary>
public sealed class SupportCaseDesk(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ICurrentActor actor, TimeProvider clock)
{
    public async Task<IReadOnlyList<SupportCaseRow>> QueueAsync(SupportCaseStatus? status, bool mineOnly, int limit, CancellationToken cancellationToken)
    {
        var query = db.SupportCases.AsNoTracking();
        query = status is { } only ? query.Where(c => c.Status == only) : query.Where(c => c.Status != SupportCaseStatus.Resolved);
        if (mineOnly && actor.UserId is { } me) query = query.Where(c => c.AssigneeId == me);
        var cases = await query.OrderBy(c => c.OpenedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        var names = await NamesAsync(cases.Select(c => c.AssigneeId), cancellationToken);
        var organizations = await OrganizationNamesAsync(cases.Select(c => c.OrganizationId), cancellationToken);
        return cases.Select(c => new SupportCaseRow(c.Id, c.Identifier, c.Email, c.Surfaces, c.Category, c.Status,
            c.OrganizationId is { } o ? organizations.GetValueOrDefault(o) : null,
            c.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, c.OpenedAt)).ToList();
    }

    public async Task<SupportCaseDetails?> GetAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var found = await db.SupportCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (found is null) return null;
        var names = await NamesAsync(found.Notes.Select(n => (Guid?)n.Author).Append(found.AssigneeId).Append(found.OpenedBy), cancellationToken);
        var organizations = await OrganizationNamesAsync([found.OrganizationId], cancellationToken);
        return new SupportCaseDetails(found.Id, found.OrganizationId, found.OrganizationId is { } o ? organizations.GetValueOrDefault(o) : null,
            found.Identifier, found.Email, found.Surfaces, found.ErrorMessage, found.RequestId, found.OccurredAt, found.Category, found.Status,
            found.AssigneeId, found.AssigneeId is { } a ? names.GetValueOrDefault(a) : null,
            names.GetValueOrDefault(found.OpenedBy) ?? "API client", found.OpenedAt,
            found.Notes.Select(n => new SupportCaseNoteView(n.Text, names.GetValueOrDefault(n.Author) ?? "Staff", n.At)).ToList(), found.Version);
    }

    /// <summary>Staff who can work the queue (Support and Admin).</summary>
    public async Task<IReadOnlyList<StaffMember>> AgentsAsync(CancellationToken cancellationToken)
    {
        var roleIds = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Support || r.Name == Roles.Admin).Select(r => r.Id).ToListAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).Select(u => new StaffMember(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
    }

    public async Task<Outcome<Guid>> AssignAsync(Guid caseId, Guid? assigneeId, int version, CancellationToken cancellationToken)
    {
        if (assigneeId is { } wanted && !(await AgentsAsync(cancellationToken)).Any(agent => agent.Id == wanted))
        {
            return Outcome<Guid>.Invalid("assigneeId", "Choose someone from the list: only support staff and admins work on cases.");
        }

        return await ChangeAsync(caseId, version, "support-case.assigned", c => c.AssignTo(assigneeId), cancellationToken);
    }

    public Task<Outcome<Guid>> MoveToAsync(Guid caseId, SupportCaseStatus status, int version, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, "support-case.status-changed", c => c.MoveTo(status), cancellationToken);

    public async Task<Outcome<Guid>> AddNoteAsync(Guid caseId, string text, int version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text)) return Outcome<Guid>.Invalid("text", "Write the note first.");
        if (text.Trim().Length > SupportCase.MaxNoteLength) return Outcome<Guid>.Invalid("text", $"A note can be at most {SupportCase.MaxNoteLength} characters.");
        return await ChangeAsync(caseId, version, "support-case.note-added", c => c.AddNote(text, actor.UserId ?? Guid.Empty, clock.GetUtcNow()), cancellationToken);
    }

    private async Task<Outcome<Guid>> ChangeAsync(Guid caseId, int version, string action, Action<SupportCase> change, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var found = await db.SupportCases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
                if (found is null) return Outcome<Guid>.NotFound("No such case.");
                db.Entry(found).Property(c => c.Version).OriginalValue = version;
                var before = new { found.Status, found.AssigneeId, Notes = found.Notes.Count };
                change(found);
                audit.Record(action, "SupportCase", found.Id, before, new { found.Status, found.AssigneeId, Notes = found.Notes.Count }, found.OrganizationId);
                return Outcome<Guid>.Success(found.Id);
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException refusal)
        {
            return Outcome<Guid>.Refused(refusal);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Guid>.Conflict(Outcome.ChangedMeanwhile);
        }
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private async Task<Dictionary<Guid, string>> OrganizationNamesAsync(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => wanted.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
    }
}
