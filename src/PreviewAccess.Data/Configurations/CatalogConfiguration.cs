using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Data.Configurations;

internal sealed class PreviewModelConfiguration : IEntityTypeConfiguration<PreviewModel>
{
    public void Configure(EntityTypeBuilder<PreviewModel> builder)
    {
        builder.ToTable("Models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Property(m => m.ModelId).HasMaxLength(PreviewModel.MaxIdLength).IsRequired();
        builder.Property(m => m.Name).HasMaxLength(100).IsRequired();
        builder.Property(m => m.InputPerMillion).HasPrecision(18, 6);
        builder.Property(m => m.OutputPerMillion).HasPrecision(18, 6);
        builder.HasIndex(m => m.ModelId).IsUnique();
    }
}

internal sealed class UnsupportedCountryConfiguration : IEntityTypeConfiguration<UnsupportedCountry>
{
    public void Configure(EntityTypeBuilder<UnsupportedCountry> builder)
    {
        builder.ToTable("UnsupportedCountries");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(2);
    }
}

internal sealed class ProgramSettingsConfiguration : IEntityTypeConfiguration<ProgramSettings>
{
    public void Configure(EntityTypeBuilder<ProgramSettings> builder)
    {
        builder.ToTable("ProgramSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.CacheWriteMultiplier).HasPrecision(9, ProgramSettings.MultiplierDecimals);
        builder.Property(s => s.CacheReadMultiplier).HasPrecision(9, ProgramSettings.MultiplierDecimals);
        builder.Ignore(s => s.CacheMultipliers);

        // The one row, as the notice has it, from the migration on: every instance reads it, none creates it.
        var defaults = ProgramSettings.Defaults();
        builder.HasData(new
        {
            defaults.Id,
            Version = 0,
            defaults.Phase,
            defaults.RequireSecondApproval,
            defaults.CacheWriteMultiplier,
            defaults.CacheReadMultiplier,
        });
    }
}
