using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Data.Configurations;

internal sealed class WaveConfiguration : IEntityTypeConfiguration<Wave>
{
    public void Configure(EntityTypeBuilder<Wave> builder)
    {
        builder.ToTable("Waves");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.Property(w => w.Name).HasMaxLength(Wave.MaxNameLength).IsRequired();
        builder.HasIndex(w => new { w.State, w.OpensAt });
    }
}
