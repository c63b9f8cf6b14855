using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Webhooks;

public sealed record WebhookEndpointView(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, bool IsActive, string SecretHint, string CreatedBy, DateTimeOffset CreatedAt, int Version,
    int Delivered, int Pending, int Failed);

public sealed record WebhookDeliveryView(
    Guid Id, Guid EventId, string EventType, DateTimeOffset OccurredAt, WebhookDeliveryStatus Status, int Attempts,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, bool IsResend)
{
    /// <summary>Whether an admin may send it again now: once it is no longer being tried.</summary>
    public bool CanResend => Status != WebhookDeliveryStatus.Pending;
}

public sealed record CreateWebhookInput(string? Url, IReadOnlyList<string>? EventTypes, string? Secret);

public sealed record ChangeWebhookInput(Guid Id, int Version, string? Url, IReadOnlyList<string>? EventTypes, bool Active);

/// <summary>The one time the secret is shown: in the answer to the registration.</summary>
public sealed record CreatedWebhook(Guid Id, string Url, string Secret);

/// <summary>
/// Webhook endpoints (admins only, <see cref="ProgramRules"/>): register one (its URL checked and resolved; the secret
/// generated or given, kept encrypted, shown once), change or disable it against the version the admin saw, send it a
/// test event, delete it, read its recent deliveries and resend one. Every change is audited without the secret.
/// </summary>
public sealed class WebhookAdministration(
    PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ICurrentActor actor, TimeProvider clock,
    WebhookSecrets secrets, WebhookAddressGuard guard, IOptions<WebhookOptions> options, ProgramPermissions permissions)
{
    public const int RecentDeliveries = 50;

    public async Task<IReadOnlyList<WebhookEndpointView>> ListAsync(CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderByDescending(e => e.CreatedAt).ToListAsync(cancellationToken);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .GroupBy(d => d.EndpointId)
            .Select(g => new
            {
                EndpointId = g.Key,
                Delivered = g.Count(d => d.Status == WebhookDeliveryStatus.Delivered),
                Pending = g.Count(d => d.Status == WebhookDeliveryStatus.Pending),
                Failed = g.Count(d => d.Status == WebhookDeliveryStatus.Failed),
            })
            .ToListAsync(cancellationToken);
        var names = await CreatorNamesAsync(endpoints.Select(e => e.CreatedBy), cancellationToken);
        return endpoints.Select(e =>
        {
            var count = counts.FirstOrDefault(c => c.EndpointId == e.Id);
            return View(e, names, count?.Delivered ?? 0, count?.Pending ?? 0, count?.Failed ?? 0);
        }).ToList();
    }

    public async Task<WebhookEndpointView?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(e => e.Id == id);

    /// <summary>The endpoint's latest deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(Guid endpointId, CancellationToken cancellationToken)
    {
        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.EndpointId == endpointId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(RecentDeliveries)
            .ToListAsync(cancellationToken);
        return deliveries.Select(d => new WebhookDeliveryView(d.Id, d.EventId, d.EventType, d.OccurredAt, d.Status, d.Attempts, d.LastAttemptAt,
            d.LastStatusCode, d.LastError, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.ResendOf is not null)).ToList();
    }

    public async Task<Outcome<CreatedWebhook>> CreateAsync(CreateWebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (permissions.Refusal(ProgramAction.ManageWebhooks) is { } refusal) return Outcome<CreatedWebhook>.Forbidden(refusal);
        var errors = new Dictionary<string, string[]>();
        var url = await CheckUrlAsync(input.Url, errors, cancellationToken);
        var types = CheckEventTypes(input.EventTypes, errors);
        var secret = input.Secret?.Trim() ?? string.Empty;
        if (secret.Length == 0) secret = WebhookSecrets.Generate();
        else if (secret.Length is < WebhookEndpoint.MinSecretLength or > WebhookEndpoint.MaxSecretLength)
        {
            errors["secret"] = [$"A secret of your own must be {WebhookEndpoint.MinSecretLength} to {WebhookEndpoint.MaxSecretLength} characters; leave it empty to have one generated."];
        }
        else if (secret.Any(char.IsControl) || secret.Any(char.IsWhiteSpace))
        {
            errors["secret"] = ["The secret must not contain spaces or control characters."];
        }

        if (errors.Count > 0) return Outcome<CreatedWebhook>.Invalid(errors);

        try
        {
            return await unitOfWork.RunAsync(_ =>
            {
                var endpoint = WebhookEndpoint.Register(url!, types, secrets.Protect(secret), WebhookSecrets.Hint(secret), actor.UserId ?? Guid.Empty, clock.GetUtcNow());
                db.WebhookEndpoints.Add(endpoint);
                audit.Record(AuditAction.WebhookRegistered, "WebhookEndpoint", endpoint.Id, null, AuditState(endpoint), null);
                return Task.FromResult(Outcome<CreatedWebhook>.Success(new CreatedWebhook(endpoint.Id, endpoint.Url, secret)));
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException e)
        {
            // The endpoint's own rules (URL scheme, events) are checked above field by field; should they drift apart, the
            // refusal is still about the request (a 400), not the state, though the domain names no field: so not Refused's 409.
            return Outcome<CreatedWebhook>.Invalid(string.Empty, e.Message);
        }
    }

    public async Task<Outcome<Guid>> ChangeAsync(ChangeWebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (permissions.Refusal(ProgramAction.ManageWebhooks) is { } refusal) return Outcome<Guid>.Forbidden(refusal);
        var errors = new Dictionary<string, string[]>();
        var url = await CheckUrlAsync(input.Url, errors, cancellationToken);
        var types = CheckEventTypes(input.EventTypes, errors);
        if (errors.Count > 0) return Outcome<Guid>.Invalid(errors);

        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == input.Id, ct);
            if (endpoint is null) return Outcome<Guid>.NotFound("No such webhook endpoint.");
            if (endpoint.Version != input.Version) return Outcome<Guid>.Conflict(Outcome.ChangedMeanwhile);
            db.Entry(endpoint).Property(e => e.Version).OriginalValue = input.Version;
            var before = AuditState(endpoint);
            endpoint.Change(url!, types);
            if (input.Active && !endpoint.IsActive) endpoint.Activate();
            if (!input.Active && endpoint.IsActive) endpoint.Deactivate();
            audit.Record(AuditAction.WebhookChanged, "WebhookEndpoint", endpoint.Id, before, AuditState(endpoint), null);
            return Outcome<Guid>.Success(endpoint.Id);
        }, cancellationToken);
    }

    /// <summary>Queues a <c>webhook.test</c> event for this endpoint alone; the dispatcher sends it like any other.</summary>
    public async Task<Outcome<Guid>> SendTestAsync(Guid id, CancellationToken cancellationToken) =>
        permissions.Refusal(ProgramAction.ManageWebhooks) is { } refusal ? Outcome<Guid>.Forbidden(refusal) : await unitOfWork.RunAsync(async ct =>
        {
            var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null) return Outcome<Guid>.NotFound("No such webhook endpoint.");
            if (!endpoint.IsActive) return Outcome<Guid>.Conflict("The endpoint is disabled: enable it before sending a test event.");
            var now = clock.GetUtcNow();
            var delivery = WebhookDelivery.Queue(endpoint.Id, WebhookEvent.TestEvent(now), now);
            db.WebhookDeliveries.Add(delivery);
            audit.Record(AuditAction.WebhookTestQueued, "WebhookEndpoint", endpoint.Id, null, new { delivery.EventId }, null);
            return Outcome<Guid>.Success(delivery.EventId);
        }, outcome => outcome.Succeeded, cancellationToken);

    /// <summary>
    /// Deletes the endpoint and, with it, its deliveries (those still waiting are never sent) and its encrypted secret. The
    /// audit event keeps what it was.
    /// </summary>
    /// <returns>The deleted endpoint's URL.</returns>
    public async Task<Outcome<string>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (permissions.Refusal(ProgramAction.DeleteWebhook) is { } refusal) return Outcome<string>.Forbidden(refusal);
        return await unitOfWork.RunAsync(async ct =>
        {
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null) return Outcome<string>.NotFound("No such webhook endpoint.");
            var deliveries = await db.WebhookDeliveries.CountAsync(d => d.EndpointId == id, ct);
            db.WebhookEndpoints.Remove(endpoint);
            audit.Record(AuditAction.WebhookDeleted, "WebhookEndpoint", endpoint.Id, AuditState(endpoint), new { deliveriesDeleted = deliveries }, null);
            return Outcome<string>.Success(endpoint.Url);
        }, outcome => outcome.Succeeded, cancellationToken);
    }

    /// <summary>
    /// Queues a new delivery of a delivered or failed delivery's event, to the same endpoint (<see cref="WebhookDelivery.Resend"/>);
    /// the dispatcher sends it like any other.
    /// </summary>
    /// <returns>The new delivery's id.</returns>
    public async Task<Outcome<Guid>> ResendAsync(Guid endpointId, Guid deliveryId, CancellationToken cancellationToken)
    {
        if (permissions.Refusal(ProgramAction.ResendWebhookDelivery) is { } refusal) return Outcome<Guid>.Forbidden(refusal);
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == endpointId, ct);
            var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, ct);
            if (endpoint is null || original is null) return Outcome<Guid>.NotFound("No such webhook delivery.");
            if (!endpoint.IsActive) return Outcome<Guid>.Conflict("The endpoint is disabled: enable it before resending a delivery.");
            var resent = WebhookDelivery.Resend(original, clock.GetUtcNow());
            db.WebhookDeliveries.Add(resent);
            audit.Record(AuditAction.WebhookDeliveryResent, "WebhookEndpoint", endpoint.Id, null,
                new { resent.EventId, resent.EventType, resendOf = original.Id, deliveryId = resent.Id }, null);
            return Outcome<Guid>.Success(resent.Id);
        }, cancellationToken);
    }

    private async Task<Uri?> CheckUrlAsync(string? text, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var (url, error) = WebhookUrl.Check(text, options.Value.AllowPrivateNetworks);
        if (url is not null) error = await guard.CheckAsync(url, cancellationToken);
        if (error is null) return url;
        errors["url"] = [error];
        return null;
    }

    private static List<string> CheckEventTypes(IReadOnlyList<string>? eventTypes, Dictionary<string, string[]> errors)
    {
        var types = (eventTypes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (types.Count == 0) errors["eventTypes"] = ["Choose at least one event."];
        else if (types.FirstOrDefault(t => !WebhookEventTypes.IsKnown(t)) is { } unknown) errors["eventTypes"] = [$"'{unknown}' is not an event this portal sends."];
        return types;
    }

    private static object AuditState(WebhookEndpoint endpoint) => new { endpoint.Url, endpoint.EventTypes, endpoint.IsActive, endpoint.SecretHint };

    private async Task<Dictionary<Guid, string>> CreatorNamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? string.Empty : u.DisplayName);
    }

    private static WebhookEndpointView View(WebhookEndpoint e, Dictionary<Guid, string> names, int delivered, int pending, int failed) =>
        new(e.Id, e.Url, e.EventTypes, e.IsActive, e.SecretHint, names.GetValueOrDefault(e.CreatedBy, "—"), e.CreatedAt, e.Version, delivered, pending, failed);
}
