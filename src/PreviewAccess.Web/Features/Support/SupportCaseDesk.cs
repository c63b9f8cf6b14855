using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Support;

public sealed record SupportCaseRow(Guid Id, string Identifier, string Email, AffectedSurfaces Surfaces, SupportCaseCategory Category,
    SupportCaseStatus Status, string? OrganizationName, Guid? AssigneeId, string? AssigneeName, DateTimeOffset OpenedAt, int Version);

/// <summary>One message as the desk sees it: every kind, internal notes included.</summary>
public sealed record SupportCaseMessageView(SupportCaseMessageKind Kind, string Text, string Author, DateTimeOffset At)
{
    public bool IsInternal => Kind == SupportCaseMessageKind.InternalNote;
}

public sealed record SupportCaseDetails(Guid Id, Guid? OrganizationId, string? OrganizationName, string Identifier, string? CodexWorkspaceId, string Email,
    AffectedSurfaces Surfaces, string ErrorMessage, string? RequestId, DateTimeOffset? OccurredAt, SupportCaseCategory Category,
    SupportCaseStatus Status, Guid? AssigneeId, string? AssigneeName, string OpenedBy, DateTimeOffset OpenedAt,
    IReadOnlyList<SupportCaseMessageView> Messages, int Version)
{
    /// <summary>A reply reaches a partner only on a case of an organization.</summary>
    public bool CanReply => OrganizationId is not null;
}

public sealed record StaffMember(Guid Id, string Name);

/// <summary>
/// The support queue: cases from partners and from the API, with an assignee, a status, and a conversation: replies
/// mailed to the partner who opened the case, and internal notes that stay on the desk.
/// </summary>
public sealed class SupportCaseDesk(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    MailOutbox outbox,
    ProgramPermissions permissions,
    ICurrentActor actor,
    IOptions<MailOptions> mail,
    TimeProvider clock)
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
            c.AssigneeId, c.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, c.OpenedAt, c.Version)).ToList();
    }

    public async Task<SupportCaseDetails?> GetAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var found = await db.SupportCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (found is null) return null;
        var names = await NamesAsync(found.Messages.Select(n => (Guid?)n.Author).Append(found.AssigneeId).Append(found.OpenedBy), cancellationToken);
        var organizations = await OrganizationNamesAsync([found.OrganizationId], cancellationToken);
        return new SupportCaseDetails(found.Id, found.OrganizationId, found.OrganizationId is { } o ? organizations.GetValueOrDefault(o) : null,
            found.Identifier, found.CodexWorkspaceId, found.Email, found.Surfaces, found.ErrorMessage, found.RequestId, found.OccurredAt, found.Category, found.Status,
            found.AssigneeId, found.AssigneeId is { } a ? names.GetValueOrDefault(a) : null,
            names.GetValueOrDefault(found.OpenedBy) ?? "API client", found.OpenedAt,
            found.Messages.Select(m => new SupportCaseMessageView(m.Kind, m.Text, names.GetValueOrDefault(m.Author) ?? (m.Kind == SupportCaseMessageKind.PartnerReply ? "Partner" : "Staff"), m.At)).ToList(),
            found.Version);
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

        return await ChangeAsync(caseId, version, AuditAction.SupportCaseAssigned, (c, _) => c.AssignTo(assigneeId), cancellationToken);
    }

    /// <summary>"Assign to me" in one click: the signed-in member of the desk takes the case as it was when they saw it.</summary>
    public async Task<Outcome<Guid>> AssignToMeAsync(Guid caseId, int version, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } me || !(await AgentsAsync(cancellationToken)).Any(agent => agent.Id == me))
        {
            return Outcome<Guid>.Forbidden("Only support staff and admins work on support cases.");
        }

        return await ChangeAsync(caseId, version, AuditAction.SupportCaseAssigned, (c, _) => c.AssignTo(me), cancellationToken);
    }

    public Task<Outcome<Guid>> MoveToAsync(Guid caseId, SupportCaseStatus status, int version, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditAction.SupportCaseStatusChanged, (c, _) => c.MoveTo(status), cancellationToken);

    /// <summary>A note for the desk alone: nobody is mailed, and the partner never sees it.</summary>
    public async Task<Outcome<Guid>> AddNoteAsync(Guid caseId, string text, int version, CancellationToken cancellationToken)
    {
        if (Unwritten(text, "note") is { } refused) return refused;
        return await ChangeAsync(caseId, version, AuditAction.SupportCaseNoteAdded, (c, _) => c.AddInternalNote(text, actor.UserId ?? Guid.Empty, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>A public reply: shown to the partner on their case page and mailed to the partner who opened the case.</summary>
    public async Task<Outcome<Guid>> ReplyAsync(Guid caseId, string text, int version, CancellationToken cancellationToken)
    {
        if (Unwritten(text, "reply") is { } refused) return refused;
        return await ChangeAsync(caseId, version, AuditAction.SupportCaseReplied, async (c, ct) =>
        {
            c.ReplyFromSupport(text, actor.UserId ?? Guid.Empty, clock.GetUtcNow());
            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == c.OrganizationId).Select(o => o.Name).SingleAsync(ct);
            var url = new Uri(mail.Value.PublicUrl, $"/Partner/Support/Case/{c.Id}");
            foreach (var to in await PartnerRecipientsAsync(c, ct))
            {
                outbox.Queue(SupportMail.ReplyToPartner(to, organization, c.Category, c.PublicMessages.Last().Text, url));
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The partner who opened the case, while their account is active. A case opened for the organization through the
    /// API has no partner author: every active partner account of the organization hears instead.
    /// </summary>
    private async Task<IReadOnlyList<string>> PartnerRecipientsAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        var partners = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == supportCase.OrganizationId && !u.IsDisabled && u.Email != null)
            .Select(u => new { u.Id, Email = u.Email! }).ToListAsync(cancellationToken);
        var opener = partners.Where(p => p.Id == supportCase.OpenedBy).Select(p => p.Email).ToList();
        return opener.Count > 0 ? opener : [.. partners.Select(p => p.Email)];
    }

    private static Outcome<Guid>? Unwritten(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return Outcome<Guid>.Invalid("text", $"Write the {what} first.");
        if (text.Trim().Length > SupportCase.MaxNoteLength) return Outcome<Guid>.Invalid("text", $"A {what} can be at most {SupportCase.MaxNoteLength} characters.");
        return null;
    }

    private Task<Outcome<Guid>> ChangeAsync(Guid caseId, int version, AuditAction action, Action<SupportCase, CancellationToken> change, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, action, (c, ct) =>
        {
            change(c, ct);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<Outcome<Guid>> ChangeAsync(Guid caseId, int version, AuditAction action, Func<SupportCase, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        if (permissions.Refusal(ProgramAction.WorkSupportCase) is { } refusal) return Outcome<Guid>.Forbidden(refusal);
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var found = await db.SupportCases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
            if (found is null) return Outcome<Guid>.NotFound("No such case.");
            db.Entry(found).Property(c => c.Version).OriginalValue = version;
            var before = new { found.Status, found.AssigneeId, Messages = found.Messages.Count };
            await change(found, ct);
            audit.Record(action, "SupportCase", found.Id, before, new { found.Status, found.AssigneeId, Messages = found.Messages.Count }, found.OrganizationId);
            return Outcome<Guid>.Success(found.Id);
        }, cancellationToken);
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
