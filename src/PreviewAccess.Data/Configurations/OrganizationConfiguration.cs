using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
        builder.Property(o => o.Country).HasMaxLength(2).IsRequired();
        builder.Property(o => o.SuspensionReason).HasMaxLength(Organization.MaxReasonLength);
        // The list pages by (Name, Id): the index gives that order, from any cursor.
        builder.HasIndex(o => new { o.Name, o.Id });
        builder.HasIndex(o => new { o.AccountRepId, o.Status });
        builder.HasIndex(o => o.Status);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(o => o.AccountRepId).OnDelete(DeleteBehavior.Restrict);

        builder.OwnsOne(o => o.GovernmentCoordination, coordination =>
        {
            coordination.Property(c => c.SharedOn).HasColumnName("GovernmentCoordinationSharedOn");
            coordination.Property(c => c.Reference).HasColumnName("GovernmentCoordinationReference").HasMaxLength(GovernmentCoordination.MaxReferenceLength);
            coordination.Property(c => c.RecordedBy).HasColumnName("GovernmentCoordinationRecordedBy");
            coordination.Property(c => c.RecordedAt).HasColumnName("GovernmentCoordinationRecordedAt");
        });

        builder.OwnsOne(o => o.Enrollment, enrollment =>
        {
            enrollment.ToTable("Enrollments");
            enrollment.WithOwner().HasForeignKey("OrganizationId");
            enrollment.Property(e => e.LegalName).HasMaxLength(EnrollmentSubmission.MaxLegalNameLength).IsRequired();
            enrollment.Property(e => e.Country).HasMaxLength(2).IsRequired();
            enrollment.Property(e => e.IntendedUse).HasMaxLength(EnrollmentSubmission.MaxIntendedUseLength).IsRequired();
            enrollment.PrimitiveCollection(e => e.Surfaces).ElementType().HasConversion<string>();
            enrollment.PrimitiveCollection(e => e.AccountEmails);
            enrollment.OwnsMany(e => e.Identifiers, identifier =>
            {
                identifier.ToTable("EnrollmentIdentifiers");
                identifier.WithOwner().HasForeignKey("OrganizationId");
                identifier.Property<int>("Id");
                identifier.HasKey("Id");
                identifier.Property(i => i.Value).HasMaxLength(Domain.Catalog.Identifiers.MaxLength).IsRequired();
                // An API organization or Codex workspace belongs to one organization only.
                identifier.HasIndex(i => i.Value).IsUnique();
            });
            enrollment.Navigation(e => e.Identifiers).HasField("_identifiers");
        });

        builder.OwnsMany(o => o.Decisions, decision =>
        {
            decision.ToTable("SurfaceDecisions");
            decision.WithOwner().HasForeignKey("OrganizationId");
            decision.Property<int>("Id");
            decision.HasKey("Id");
            decision.Property(d => d.Justification).HasMaxLength(SurfaceDecision.MaxJustificationLength).IsRequired();
            decision.Property(d => d.PartnerMessage).HasMaxLength(SurfaceDecision.MaxPartnerMessageLength);
        });
        builder.Navigation(o => o.Decisions).HasField("_decisions");

        builder.HasMany(o => o.Invitations).WithOne().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Invitations).HasField("_invitations");

        builder.Ignore(o => o.IsSuspended);
        builder.Ignore(o => o.HasAcceptedInvitation);
        builder.Ignore(o => o.OpenNeedsInfo);
    }
}
