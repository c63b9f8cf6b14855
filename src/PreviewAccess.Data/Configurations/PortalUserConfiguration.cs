using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.OrganizationId);
        // One owner per organization. The filter reads the same on PostgreSQL (a boolean) and SQLite (0 or 1).
        builder.HasIndex(u => u.OrganizationId, "IX_AspNetUsers_OrganizationOwner").IsUnique().HasFilter("\"IsOrganizationOwner\"");
    }
}
