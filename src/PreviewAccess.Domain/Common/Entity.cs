namespace PreviewAccess.Domain.Common;

/// <summary>
/// An aggregate a person edits. <see cref="Version"/> is the optimistic-concurrency token:
/// persistence increments it on every update and refuses a write made against an older one.
/// </summary>
public abstract class Aggregate
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();

    public int Version { get; private set; }
}
