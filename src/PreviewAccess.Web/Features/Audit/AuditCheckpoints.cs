using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>What writing a checkpoint came to: the one written, or none (nothing new to seal, or a chain that does not verify).</summary>
public sealed record AuditCheckpointOutcome(AuditCheckpoint? Written, AuditChainReport Verification)
{
    /// <summary>The chain is broken or truncated: nothing is sealed over that.</summary>
    public bool Refused => Written is null && !Sealable(Verification);

    /// <summary>
    /// Events intact and all there. A checkpoint the portal cannot trust (forged, or signed with a key no longer configured)
    /// is reported by verification, but does not stop new checkpoints: they are what keeps truncation visible.
    /// </summary>
    internal static bool Sealable(AuditChainReport verification) => verification.FirstBrokenId is null && !verification.Truncated;
}

/// <summary>
/// Seals the audit chain's head in a signed checkpoint (<see cref="AuditCheckpoint"/>): on a schedule
/// (<see cref="Background.AuditCheckpointWorker"/>) and when an admin asks. Only a chain that verifies is sealed, from
/// the newest checkpoint on, so a checkpoint never vouches for events removed or rewritten before it. Each one is also
/// written to the log with its count and hash: a copy outside the database to compare with.
/// </summary>
public sealed class AuditCheckpoints(PortalDbContext db, UnitOfWork unitOfWork, AuditLogQueries chain, TimeProvider clock, ILogger<AuditCheckpoints> logger)
{
    public async Task<AuditCheckpointOutcome> WriteAsync(AuditCheckpointKind kind, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (kind == AuditCheckpointKind.Anchor) throw new ArgumentException("Anchors are written by the chain itself, when a key takes over.", nameof(kind));

        // The head verified is the head sealed: events appended meanwhile are the next checkpoint's.
        var verification = await chain.VerifySinceLatestCheckpointAsync(cancellationToken);
        if (!AuditCheckpointOutcome.Sealable(verification))
        {
            logger.LogError("Audit chain does not verify, no checkpoint written: {Problem}", verification.Problem);
            return new AuditCheckpointOutcome(null, verification);
        }

        if (verification.Problem is not null) logger.LogError("Audit chain: {Problem}", verification.Problem);

        if (verification.HeadId == 0) return new AuditCheckpointOutcome(null, verification);
        if (kind == AuditCheckpointKind.Scheduled && await AlreadySealedAsync(verification.HeadId, cancellationToken))
        {
            return new AuditCheckpointOutcome(null, verification);
        }

        var written = await unitOfWork.RunAsync(async ct =>
        {
            var key = await db.CurrentAuditChainKeyAsync(ct);
            var checkpoint = AuditCheckpoint.Seal(kind, verification.HeadId, verification.HeadId, verification.HeadHash, clock.GetUtcNow(), actor, key);
            db.AuditCheckpoints.Add(checkpoint);
            return checkpoint;
        }, cancellationToken);
        logger.LogInformation("Audit checkpoint {Kind} by {Actor}: {Count} events, head {HeadId} {HeadHash}, key {KeyId}",
            written.Kind, written.Actor, written.Count, written.HeadId, written.HeadHash, written.KeyId);
        return new AuditCheckpointOutcome(written, verification);
    }

    private Task<bool> AlreadySealedAsync(long headId, CancellationToken cancellationToken) =>
        db.AuditCheckpoints.AsNoTracking().AnyAsync(c => c.Kind != AuditCheckpointKind.Anchor && c.HeadId == headId, cancellationToken);
}
