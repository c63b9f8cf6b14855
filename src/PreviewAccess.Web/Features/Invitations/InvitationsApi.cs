using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Invitations;

public sealed record SendInvitationRequest(string? Email);

public sealed record AcceptInvitationRequest(string? Token, string? DisplayName, string? Password);

/// <summary>An invitation with its accept link: only in the answer that created or resent it (and in the mail).</summary>
public sealed record InvitationWithLink(Guid Id, string Email, InvitationStatus Status, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, Uri AcceptUrl)
{
    public static InvitationWithLink From(SentInvitation sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var invitation = sent.Invitation;
        return new(invitation.Id, invitation.Email, invitation.Status, invitation.SentAt, invitation.ExpiresAt, sent.AcceptUrl);
    }
}

public sealed record AcceptedInvitationResponse(Guid OrganizationId, string Email);

/// <summary>Invitations (API.md, Invitations): send, resend, revoke, and the one anonymous endpoint, accept.</summary>
public static class InvitationsApi
{
    /// <summary>
    /// The one answer for every token that cannot be used — unknown, used, expired, revoked, replaced or garbage —
    /// always the same bytes (no trace id), so that nothing in it tells the cases apart.
    /// </summary>
    public static readonly Microsoft.AspNetCore.Mvc.ProblemDetails Gone = new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.11",
        Title = "Gone",
        Status = StatusCodes.Status410Gone,
        Detail = InvitationAcceptance.GenericFailure,
    };

    public static RouteGroupBuilder MapInvitationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/organizations/{id:guid}/invitations", async (Guid id, SendInvitationRequest body, InvitationSender sender, CancellationToken ct) =>
                ApiResults.From(await sender.SendAsync(new SendInvitationInput(id, body.Email ?? string.Empty), ct),
                    sent => TypedResults.Created((string?)null, InvitationWithLink.From(sent))))
            .WithTags("Invitations")
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("SendInvitation")
            .WithSummary("Invite the organization's contact; a pending invitation is replaced.")
            .Produces<InvitationWithLink>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var invitations = api.MapGroup("/invitations").WithTags("Invitations");

        invitations.MapPost("/{id:guid}/resend", async (Guid id, InvitationSender sender, CancellationToken ct) =>
                ApiResults.From(await sender.ResendAsync(id, ct), sent => TypedResults.Ok(InvitationWithLink.From(sent))))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("ResendInvitation")
            .WithSummary("A new token and accept link; the old token dies.")
            .Produces<InvitationWithLink>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        invitations.MapPost("/{id:guid}/revoke", async (Guid id, InvitationSender sender, CancellationToken ct) =>
                ApiResults.From(await sender.RevokeAsync(id, ct), invitation => TypedResults.Ok(invitation)))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("RevokeInvitation")
            .Produces<InvitationView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        invitations.MapPost("/accept", async (AcceptInvitationRequest body, InvitationAcceptance acceptance, CancellationToken ct) =>
            {
                var outcome = await acceptance.AcceptAsync(new AcceptInvitationInput(body.Token ?? string.Empty, body.DisplayName ?? string.Empty, body.Password ?? string.Empty), ct);
                // Every unusable token is the use case's NotFound with its one generic sentence: the contract's 410.
                if (outcome.Kind == Features.Common.OutcomeKind.NotFound)
                {
                    return TypedResults.Json(Gone, statusCode: StatusCodes.Status410Gone, contentType: "application/problem+json");
                }

                return ApiResults.From(outcome, accepted => TypedResults.Created((string?)null,
                    new AcceptedInvitationResponse(accepted.OrganizationId, accepted.Email)));
            })
            .AllowAnonymous()
            .RequireRateLimiting(ApiRateLimits.AcceptInvitation)
            .WithName("AcceptInvitation")
            .WithSummary("The invited contact redeems the token: a partner account for the invited email. Anonymous, rate limited.")
            .Produces<AcceptedInvitationResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        return api;
    }
}
