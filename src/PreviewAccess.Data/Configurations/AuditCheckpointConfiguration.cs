using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Data.Audit;
using PreviewAccess.Domain.Audit;

namespace PreviewAccess.Data.Configurations;

/// <summary>Signed seals of the audit chain's head, in a table of their own: never in the events table they vouch for.</summary>
internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("AuditCheckpoints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.HeadHash).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Actor).HasMaxLength(256).IsRequired();
        builder.Property(c => c.KeyId).HasMaxLength(40).IsRequired();
        builder.Property(c => c.Signature).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => new { c.Kind, c.Id });
    }
}

/// <summary>Chain keys the portal made itself (no <c>Audit:ChainKey</c>), encrypted by the data-protection system.</summary>
internal sealed class StoredAuditChainKeyConfiguration : IEntityTypeConfiguration<StoredAuditChainKey>
{
    public void Configure(EntityTypeBuilder<StoredAuditChainKey> builder)
    {
        builder.ToTable("AuditChainKeys");
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasMaxLength(40);
        builder.Property(k => k.ProtectedSecret).HasMaxLength(2000).IsRequired();
    }
}
