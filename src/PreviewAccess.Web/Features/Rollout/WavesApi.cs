using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Rollout;

/// <summary>
/// <c>enablementsPerMinute</c> is optional (60 when absent): an addition to the contract's <c>{ name, opensAt, capacity }</c>.
/// Its default keeps it out of the schema's <c>required</c>.
/// </summary>
public sealed record CreateWaveRequest(string? Name, DateTimeOffset? OpensAt, int? Capacity, int? EnablementsPerMinute = null);

public sealed record AssignGrantsRequest(IReadOnlyList<Guid>? GrantIds);

/// <summary>A wave as the API returns it: the contract's fields, the enablement rate, and a count for every grant status.</summary>
public sealed record WaveResource(Guid Id, string Name, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute, WaveState State,
    IReadOnlyDictionary<GrantStatus, int> Counts)
{
    public static WaveResource From(WaveView wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return new WaveResource(wave.Id, wave.Name, wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute, wave.State, wave.Counts);
    }
}

/// <summary>Waves (API.md, Rolling enablement): plan, place approved grants, open, pause, resume, read. The admin pages' use cases.</summary>
public static class WavesApi
{
    public static RouteGroupBuilder MapWavesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves").WithTags("Waves").RequireRateLimiting(ApiRateLimits.PerKey);

        waves.MapPost("/", async (CreateWaveRequest body, WaveUseCases useCases, CancellationToken ct) =>
                ApiResults.From(await useCases.PlanAsync(new PlanWaveInput(body.Name ?? string.Empty, body.OpensAt ?? default, body.Capacity ?? 0,
                    body.EnablementsPerMinute ?? PlanWaveInput.DefaultEnablementsPerMinute), ct),
                    wave => TypedResults.Created(Location(wave.Id), WaveResource.From(wave))))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("CreateWave")
            .WithSummary("Plan a wave: a name, the time it opens by itself, how many grants it holds, and (optionally) how many it enables per minute.")
            .Produces<WaveResource>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        waves.MapGet("/{id:guid}", async (Guid id, WaveUseCases useCases, CancellationToken ct) =>
                await useCases.GetAsync(id, ct) is { } wave ? TypedResults.Ok(WaveResource.From(wave)) : ApiResults.NotFound("No such wave."))
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("GetWave")
            .WithSummary("The wave, with how many of its grants are in each status.")
            .Produces<WaveResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        waves.MapPost("/{id:guid}/grants", async (Guid id, AssignGrantsRequest body, WaveUseCases useCases, CancellationToken ct) =>
                body.GrantIds is null
                    ? ApiResults.Invalid("grantIds", "Give the ids of the approved grants to place in the wave.")
                    : Ok(await useCases.AssignAsync(id, body.GrantIds, ct)))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("AssignWaveGrants")
            .WithSummary("Place approved grants in the wave: they become Scheduled. Past the wave's capacity, or a grant that is not approved: 409.")
            .Produces<WaveResource>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        MapTransition(waves, "open", "OpenWave", "Open a planned wave now, before its opening time.", (u, id, ct) => u.OpenAsync(id, ct));
        MapTransition(waves, "pause", "PauseWave", "Pause an open wave: nothing more is enabled until it resumes.", (u, id, ct) => u.PauseAsync(id, ct));
        MapTransition(waves, "resume", "ResumeWave", "Resume a paused wave.", (u, id, ct) => u.ResumeAsync(id, ct));
        return api;
    }

    public static string Location(Guid waveId) => $"/api/v1/waves/{waveId}";

    private static IResult Ok(Outcome<WaveView> outcome) => ApiResults.From(outcome, wave => TypedResults.Ok(WaveResource.From(wave)));

    private static void MapTransition(RouteGroupBuilder waves, string action, string name, string summary,
        Func<WaveUseCases, Guid, CancellationToken, Task<Outcome<WaveView>>> transition)
    {
        waves.MapPost($"/{{id:guid}}/{action}", async (Guid id, WaveUseCases useCases, CancellationToken ct) => Ok(await transition(useCases, id, ct)))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName(name)
            .WithSummary(summary)
            .Produces<WaveResource>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
