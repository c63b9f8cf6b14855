using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Data.Reviews;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Data.Configurations;

internal sealed class ReviewMessageConfiguration : IEntityTypeConfiguration<ReviewMessage>
{
    public void Configure(EntityTypeBuilder<ReviewMessage> builder)
    {
        builder.ToTable("ReviewMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Surface).HasConversion<string>().HasMaxLength(40);
        builder.Property(m => m.Body).HasMaxLength(ReviewMessage.MaxBodyLength).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Amendment>().WithMany().HasForeignKey(m => m.AmendmentId).OnDelete(DeleteBehavior.Cascade);
        // A thread, oldest first: the enrollment's (no amendment) or one amendment's.
        builder.HasIndex(m => new { m.OrganizationId, m.AmendmentId, m.SentAt });
    }
}
