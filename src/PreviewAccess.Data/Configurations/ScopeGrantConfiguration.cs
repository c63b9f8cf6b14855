using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Data.Configurations;

internal sealed class ScopeGrantConfiguration : IEntityTypeConfiguration<ScopeGrant>
{
    public void Configure(EntityTypeBuilder<ScopeGrant> builder)
    {
        builder.ToTable("Grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Property(g => g.Identifier).HasMaxLength(Domain.Catalog.Identifiers.MaxLength).IsRequired();
        builder.Property(g => g.Justification).HasMaxLength(2000).IsRequired();
        builder.Property(g => g.StatusReason).HasMaxLength(Organization.MaxReasonLength);
        builder.PrimitiveCollection(g => g.Models);
        builder.PrimitiveCollection(g => g.AccountEmails);
        builder.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Wave>().WithMany().HasForeignKey(g => g.WaveId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.OrganizationId, g.Surface });
        builder.HasIndex(g => g.Identifier);
        builder.HasIndex(g => new { g.WaveId, g.Status });
        builder.HasIndex(g => g.Status);
        // The worker's expiry pass and the 14-day notice look for live grants with an end date, about once a second:
        // only those rows, in the order they read them, so the pass does not scan every grant of the program.
        builder.HasIndex(g => new { g.ExpiresOn, g.Id }, "IX_Grants_LiveExpiry")
            .HasFilter("\"ExpiresOn\" IS NOT NULL AND \"Status\" <> 'Revoked' AND \"Status\" <> 'Expired'");
        builder.Ignore(g => g.IsLive);
        builder.Ignore(g => g.CertifiedSince);
    }
}
