using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Rollout;

/// <summary>The wave's lifecycle. Spellings are part of the API contract.</summary>
public enum WaveState
{
    Planned,
    Open,
    Paused,
    Completed,
}

/// <summary>
/// A rollout wave: approved grants are placed in it and, once it opens, enabled a bounded number at a time.
/// </summary>
public sealed class Wave : Aggregate
{
    public const int MaxNameLength = 100;

    private Wave() { Name = string.Empty; }

    public string Name { get; private set; }

    public DateTimeOffset OpensAt { get; private set; }

    /// <summary>The most grants this wave may hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>How many grants the enablement worker may enable per minute.</summary>
    public int EnablementsPerMinute { get; private set; }

    public WaveState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public static Wave Plan(string name, DateTimeOffset opensAt, int capacity, DateTimeOffset now, int enablementsPerMinute = 60)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new DomainException("A wave needs a name.");
        if (trimmed.Length > MaxNameLength) throw new DomainException($"The wave name can be at most {MaxNameLength} characters.");
        if (capacity < 1) throw new DomainException("The capacity must be at least 1.");
        if (enablementsPerMinute < 1) throw new DomainException("The enablement rate must be at least 1 per minute.");
        return new Wave { Name = trimmed, OpensAt = opensAt, Capacity = capacity, EnablementsPerMinute = enablementsPerMinute, State = WaveState.Planned, CreatedAt = now };
    }

    /// <summary>Checks there is room for <paramref name="adding"/> more grants besides the <paramref name="assigned"/> ones.</summary>
    public void EnsureRoomFor(int assigned, int adding)
    {
        if (State == WaveState.Completed) throw new DomainException("A completed wave takes no more grants.");
        if (assigned + adding > Capacity) throw new DomainException($"The wave holds at most {Capacity} grants; it has {assigned} and {adding} more would exceed it.");
    }

    /// <summary>Opens now (before its scheduled time if need be).</summary>
    public void Open(DateTimeOffset now)
    {
        if (State != WaveState.Planned) throw new DomainException($"Only a planned wave can be opened; this one is {State}.");
        State = WaveState.Open;
        if (OpensAt > now) OpensAt = now;
    }

    /// <summary>A planned wave whose time has come opens by itself (the worker calls this).</summary>
    public bool IsDue(DateTimeOffset now) => State == WaveState.Open || (State == WaveState.Planned && OpensAt <= now);

    public void Pause()
    {
        if (State != WaveState.Open) throw new DomainException($"Only an open wave can be paused; this one is {State}.");
        State = WaveState.Paused;
    }

    public void Resume()
    {
        if (State != WaveState.Paused) throw new DomainException($"Only a paused wave can be resumed; this one is {State}.");
        State = WaveState.Open;
    }

    public void Complete()
    {
        if (State is not (WaveState.Open or WaveState.Paused)) throw new DomainException($"Only an open or paused wave can be completed; this one is {State}.");
        State = WaveState.Completed;
    }
}
