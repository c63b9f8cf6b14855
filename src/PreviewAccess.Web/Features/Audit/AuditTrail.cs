using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>Who is acting: the signed-in person, the API key's owner, or <c>system</c> for background work.</summary>
public interface ICurrentActor
{
    string Name { get; }

    Guid? UserId { get; }

    /// <summary>The same person as <see cref="ProgramRules"/> sees them: roles and, for a partner, their organization.</summary>
    Actor Actor { get; }
}

public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public const string System = "system";

    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    public string Name => User?.FindFirstValue(ClaimTypes.Email) ?? User?.Identity?.Name ?? System;

    public Guid? UserId => Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>
    /// Outside a request (background workers, the command line) the system acts. Inside one, the request's user does,
    /// and an anonymous request is a person with no role: it may do nothing.
    /// </summary>
    public Actor Actor => accessor.HttpContext?.User is not { } user
        ? Actor.System
        : new Actor(UserId, user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Guid.TryParse(user.FindFirstValue(PortalClaims.OrganizationId), out var organizationId) ? organizationId : null);
}

/// <summary>
/// Writes audit events: who, when, what, before and after. The events are added to the current unit of
/// work, so the change and its record commit together; the database chains them on save.
/// </summary>
public sealed class AuditTrail(PortalDbContext db, ICurrentActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions SnapshotOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Record(AuditAction action, string subjectType, Guid subjectId, object? before, object? after, Guid? organizationId) =>
        RecordAs(actor.Name, action, subjectType, subjectId, before, after, organizationId);

    public void RecordAs(string actorName, AuditAction action, string subjectType, Guid subjectId, object? before, object? after, Guid? organizationId) =>
        RecordAt(clock.GetUtcNow(), actorName, action, subjectType, subjectId, before, after, organizationId);

    /// <summary>An event that happened at <paramref name="at"/> rather than now: the demo data's history, told at its own dates.</summary>
    public void RecordAt(DateTimeOffset at, string actorName, AuditAction action, string subjectType, Guid subjectId, object? before, object? after, Guid? organizationId)
    {
        ArgumentNullException.ThrowIfNull(action);
        db.Append(new AuditEvent(at, actorName, action.Name, subjectType, subjectId.ToString(),
            Snapshot(before), Snapshot(after), organizationId));
    }

    private static string? Snapshot(object? state) => state is null ? null : JsonSerializer.Serialize(state, SnapshotOptions);
}
