using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Auditing;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Rollout;

public sealed record PlanWaveInput(string Name, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute = 60);

public sealed class PlanWaveValidator : AbstractValidator<PlanWaveInput>
{
    public PlanWaveValidator()
    {
        RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the wave a name.")
            .Must(n => n is null || n.Trim().Length <= Wave.MaxNameLength).WithMessage($"The name can be at most {Wave.MaxNameLength} characters.");
        RuleFor(x => x.OpensAt).NotEqual(default(DateTimeOffset)).WithMessage("Give the opening time.");
        RuleFor(x => x.Capacity).InclusiveBetween(1, 100_000).WithMessage("The capacity is between 1 and 100,000 grants.");
        RuleFor(x => x.EnablementsPerMinute).InclusiveBetween(1, 10_000).WithMessage("The rate is between 1 and 10,000 enablements per minute.");
    }
}

/// <summary>A wave with how many of its grants are in each state.</summary>
public sealed record WaveView(Guid Id, string Name, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute, WaveState State,
    IReadOnlyDictionary<GrantStatus, int> Counts, int Version);

/// <summary>Plan waves, place approved grants in them, open, pause and resume them.</summary>
public sealed class WaveUseCases(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, TimeProvider clock)
{
    private readonly PlanWaveValidator _validator = new();

    public async Task<Outcome<WaveView>> PlanAsync(PlanWaveInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<WaveView>.Invalid(validation);
        var wave = Wave.Plan(input.Name, input.OpensAt.ToUniversalTime(), input.Capacity, clock.GetUtcNow(), input.EnablementsPerMinute);
        await unitOfWork.RunAsync(_ =>
        {
            db.Waves.Add(wave);
            audit.Record("wave.planned", "Wave", wave.Id, null, new { wave.Name, wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute }, null);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<WaveView>.Success((await GetAsync(wave.Id, cancellationToken))!);
    }

    public async Task<WaveView?> GetAsync(Guid waveId, CancellationToken cancellationToken)
    {
        var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, cancellationToken);
        if (wave is null) return null;
        var counts = await db.Grants.AsNoTracking().Where(g => g.WaveId == waveId).GroupBy(g => g.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new WaveView(wave.Id, wave.Name, wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute, wave.State,
            counts.ToDictionary(c => c.Status, c => c.Count), wave.Version);
    }

    /// <summary>
    /// Places approved grants in the wave. The wave's version moves with every assignment, so two
    /// people filling the same wave at once cannot together exceed its capacity.
    /// </summary>
    public async Task<Outcome<WaveView>> AssignAsync(Guid waveId, IReadOnlyCollection<Guid> grantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        if (grantIds.Count == 0) return Outcome<WaveView>.Invalid("grantIds", "Choose at least one grant.");
        if (grantIds.Count > 10_000) return Outcome<WaveView>.Invalid("grantIds", "At most 10,000 grants at once.");
        var outcome = await ChangeAsync(waveId, async (wave, ct) =>
        {
            var ids = grantIds.Distinct().ToList();
            var grants = await db.Grants.Where(g => ids.Contains(g.Id)).ToListAsync(ct);
            if (grants.Count != ids.Count) return Outcome<bool>.NotFound("One or more of the grants do not exist.");
            var assigned = await db.Grants.CountAsync(g => g.WaveId == wave.Id, ct);
            wave.EnsureRoomFor(assigned, grants.Count);
            foreach (var grant in grants)
            {
                grant.ScheduleIn(wave.Id);
                audit.Record("grant.scheduled", "Grant", grant.Id, new { Status = GrantStatus.Approved }, new { grant.Status, WaveId = wave.Id, Wave = wave.Name }, grant.OrganizationId);
            }

            db.Entry(wave).State = EntityState.Modified;
            return Outcome<bool>.Success(true);
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<WaveView>.Success((await GetAsync(waveId, cancellationToken))!) : outcome.As<WaveView>();
    }

    public Task<Outcome<WaveView>> OpenAsync(Guid waveId, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, "wave.opened", (wave, now) => wave.Open(now), cancellationToken);

    public Task<Outcome<WaveView>> PauseAsync(Guid waveId, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, "wave.paused", (wave, _) => wave.Pause(), cancellationToken);

    public Task<Outcome<WaveView>> ResumeAsync(Guid waveId, CancellationToken cancellationToken) =>
        TransitionAsync(waveId, "wave.resumed", (wave, _) => wave.Resume(), cancellationToken);

    private async Task<Outcome<WaveView>> TransitionAsync(Guid waveId, string action, Action<Wave, DateTimeOffset> transition, CancellationToken cancellationToken)
    {
        var outcome = await ChangeAsync(waveId, (wave, _) =>
        {
            var before = wave.State;
            transition(wave, clock.GetUtcNow());
            audit.Record(action, "Wave", wave.Id, new { State = before }, new { wave.State }, null);
            return Task.FromResult(Outcome<bool>.Success(true));
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<WaveView>.Success((await GetAsync(waveId, cancellationToken))!) : outcome.As<WaveView>();
    }

    private async Task<Outcome<bool>> ChangeAsync(Guid waveId, Func<Wave, CancellationToken, Task<Outcome<bool>>> change, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var wave = await db.Waves.SingleOrDefaultAsync(w => w.Id == waveId, ct);
                return wave is null ? Outcome<bool>.NotFound("No such wave.") : await change(wave, ct);
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException e)
        {
            return Outcome<bool>.Conflict(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<bool>.Conflict(Outcome.ChangedMeanwhile);
        }
    }
}
