using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Rollout;

public sealed record PlanWaveInput(string Name, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute = PlanWaveInput.DefaultEnablementsPerMinute)
{
    public const int DefaultEnablementsPerMinute = 60;
}

public sealed class PlanWaveValidator : AbstractValidator<PlanWaveInput>
{
    public PlanWaveValidator()
    {
        RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the wave a name.")
            .Must(n => n is null || n.Trim().Length <= Wave.MaxNameLength).WithMessage($"The name can be at most {Wave.MaxNameLength} characters.")
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("The name cannot contain control characters such as line breaks.");
        RuleFor(x => x.OpensAt).NotEqual(default(DateTimeOffset)).WithMessage("Give the opening time.")
            .Must(t => t == default || t.UtcDateTime.Year is >= 2000 and <= 9999).WithMessage("Give an opening time between the years 2000 and 9999.");
        RuleFor(x => x.Capacity).InclusiveBetween(1, 100_000).WithMessage("The capacity is between 1 and 100,000 grants.");
        RuleFor(x => x.EnablementsPerMinute).InclusiveBetween(1, 10_000).WithMessage("The rate is between 1 and 10,000 enablements per minute.");
    }
}

/// <summary>A wave with how many of its grants are in each state.</summary>
public sealed record WaveView(Guid Id, string Name, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute, WaveState State,
    IReadOnlyDictionary<GrantStatus, int> Counts, int Version);

/// <summary>Plan waves, place approved grants in them, open, pause and resume them.</summary>
public sealed class WaveUseCases(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ProgramPermissions permissions, TimeProvider clock)
{
    private readonly PlanWaveValidator _validator = new();

    public async Task<Outcome<WaveView>> PlanAsync(PlanWaveInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (permissions.Refusal(ProgramAction.PlanWave) is { } refusal) return Outcome<WaveView>.Forbidden(refusal);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<WaveView>.Invalid(validation);
        var wave = Wave.Plan(input.Name, input.OpensAt.ToUniversalTime(), input.Capacity, clock.GetUtcNow(), input.EnablementsPerMinute);
        await unitOfWork.RunAsync(_ =>
        {
            db.Waves.Add(wave);
            audit.Record(AuditAction.WavePlanned, "Wave", wave.Id, null, new { wave.Name, wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute }, null);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<WaveView>.Success((await GetAsync(wave.Id, cancellationToken))!);
    }

    /// <summary>The wave with a count for every grant status (zero included), so a client never guesses a missing key.</summary>
    public async Task<WaveView?> GetAsync(Guid waveId, CancellationToken cancellationToken)
    {
        var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, cancellationToken);
        if (wave is null) return null;
        var counts = await db.Grants.AsNoTracking().Where(g => g.WaveId == waveId).GroupBy(g => g.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new WaveView(wave.Id, wave.Name, wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute, wave.State,
            Enum.GetValues<GrantStatus>().ToDictionary(s => s, s => counts.SingleOrDefault(c => c.Status == s)?.Count ?? 0), wave.Version);
    }

    /// <summary>
    /// Places approved grants in the wave. The wave's version moves with every assignment, so two
    /// people filling the same wave at once cannot together exceed its capacity.
    /// </summary>
    public Task<Outcome<WaveView>> AssignAsync(Guid waveId, IReadOnlyCollection<Guid> grantIds, CancellationToken cancellationToken) =>
        AssignAsync(waveId, grantIds, null, cancellationToken);

    /// <param name="expectedVersion">The wave's version the person saw; a different one is a conflict (someone changed it meanwhile).</param>
    public async Task<Outcome<WaveView>> AssignAsync(Guid waveId, IReadOnlyCollection<Guid> grantIds, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        if (grantIds.Count == 0) return Outcome<WaveView>.Invalid("grantIds", "Choose at least one grant.");
        if (grantIds.Count > MaxGrantsAtOnce) return Outcome<WaveView>.Invalid("grantIds", "At most 10,000 grants at once.");
        var outcome = await ChangeAsync(waveId, expectedVersion, async (wave, ct) =>
        {
            var ids = grantIds.Distinct().ToList();
            var grants = await db.Grants.Where(g => ids.Contains(g.Id)).ToListAsync(ct);
            // The wave exists (else 404): grants that do not are a mistake in the request's list, reported on that field.
            if (grants.Count != ids.Count) return Outcome<bool>.Invalid("grantIds", "One or more of the grants do not exist.");
            return await ScheduleAsync(wave, grants, ct);
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<WaveView>.Success((await GetAsync(waveId, cancellationToken))!) : outcome.As<WaveView>();
    }

    /// <summary>
    /// Places every approved grant that matches <paramref name="filter"/> in the wave ("select all matching"). The grants are
    /// found inside the same transaction as the capacity check, so the count checked is the count assigned.
    /// </summary>
    public async Task<Outcome<WaveView>> AssignMatchingAsync(Guid waveId, AssignableGrantFilter filter, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var outcome = await ChangeAsync(waveId, expectedVersion, async (wave, ct) =>
        {
            var grants = await AssignableGrants.Matching(db, filter).OrderBy(g => g.Id).Take(MaxGrantsAtOnce + 1).ToListAsync(ct);
            if (grants.Count == 0) return Outcome<bool>.Invalid("grantIds", "No approved grant waiting for a wave matches these filters.");
            if (grants.Count > MaxGrantsAtOnce) return Outcome<bool>.Invalid("grantIds", "More than 10,000 grants match: narrow the filters.");
            return await ScheduleAsync(wave, grants, ct);
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<WaveView>.Success((await GetAsync(waveId, cancellationToken))!) : outcome.As<WaveView>();
    }

    private const int MaxGrantsAtOnce = 10_000;

    /// <summary>A representative places only their own portfolio's grants: one grant of another's refuses the whole request.</summary>
    private async Task<Outcome<bool>> ScheduleAsync(Wave wave, List<ScopeGrant> grants, CancellationToken cancellationToken)
    {
        var organizationIds = grants.Select(g => g.OrganizationId).Distinct().ToList();
        var portfolios = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id))
            .Select(o => new PortfolioOf(o.Id, o.AccountRepId)).ToListAsync(cancellationToken);
        if (portfolios.Select(p => permissions.Refusal(ProgramAction.PlaceGrantsInWave, p)).FirstOrDefault(r => r is not null) is { } refusal)
        {
            return Outcome<bool>.Forbidden(refusal);
        }

        var assigned = await db.Grants.CountAsync(g => g.WaveId == wave.Id, cancellationToken);
        wave.EnsureRoomFor(assigned, grants.Count);
        foreach (var grant in grants)
        {
            grant.ScheduleIn(wave.Id);
            audit.Record(AuditAction.GrantScheduled, "Grant", grant.Id, new { Status = GrantStatus.Approved }, new { grant.Status, WaveId = wave.Id, Wave = wave.Name }, grant.OrganizationId);
        }

        db.Entry(wave).State = EntityState.Modified;
        return Outcome<bool>.Success(true);
    }

    public Task<Outcome<WaveView>> OpenAsync(Guid waveId, CancellationToken cancellationToken) => OpenAsync(waveId, null, cancellationToken);

    public Task<Outcome<WaveView>> OpenAsync(Guid waveId, int? expectedVersion, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, expectedVersion, AuditAction.WaveOpened, (wave, now) => wave.Open(now), cancellationToken);

    public Task<Outcome<WaveView>> PauseAsync(Guid waveId, CancellationToken cancellationToken) => PauseAsync(waveId, null, cancellationToken);

    public Task<Outcome<WaveView>> PauseAsync(Guid waveId, int? expectedVersion, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, expectedVersion, AuditAction.WavePaused, (wave, _) => wave.Pause(), cancellationToken);

    public Task<Outcome<WaveView>> ResumeAsync(Guid waveId, CancellationToken cancellationToken) => ResumeAsync(waveId, null, cancellationToken);

    public Task<Outcome<WaveView>> ResumeAsync(Guid waveId, int? expectedVersion, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, expectedVersion, AuditAction.WaveResumed, (wave, _) => wave.Resume(), cancellationToken);

    private async Task<Outcome<WaveView>> TransitionAsync(Guid waveId, int? expectedVersion, AuditAction action, Action<Wave, DateTimeOffset> transition, CancellationToken cancellationToken)
    {
        if (permissions.Refusal(ProgramAction.SteerWave) is { } refusal) return Outcome<WaveView>.Forbidden(refusal);
        var outcome = await ChangeAsync(waveId, expectedVersion, (wave, _) =>
        {
            var before = wave.State;
            transition(wave, clock.GetUtcNow());
            audit.Record(action, "Wave", wave.Id, new { State = before }, new { wave.State }, null);
            return Task.FromResult(Outcome<bool>.Success(true));
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<WaveView>.Success((await GetAsync(waveId, cancellationToken))!) : outcome.As<WaveView>();
    }

    private async Task<Outcome<bool>> ChangeAsync(Guid waveId, int? expectedVersion, Func<Wave, CancellationToken, Task<Outcome<bool>>> change, CancellationToken cancellationToken)
    {
        // A refusal part-way (a grant that is no longer approved) leaves nothing half-changed behind in this scope.
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var wave = await db.Waves.SingleOrDefaultAsync(w => w.Id == waveId, ct);
            if (wave is null) return Outcome<bool>.NotFound("No such wave.");
            if (expectedVersion is { } version)
            {
                if (wave.Version != version) return Outcome<bool>.Conflict(Outcome.ChangedMeanwhile);
                // The write itself is guarded too: a change committed between this read and the save still conflicts.
                db.Entry(wave).Property(w => w.Version).OriginalValue = version;
            }

            return await change(wave, ct);
        }, cancellationToken);
    }
}
