using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Data.Configurations;

internal sealed class AmendmentConfiguration : IEntityTypeConfiguration<Amendment>
{
    public void Configure(EntityTypeBuilder<Amendment> builder)
    {
        builder.ToTable("Amendments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Note).HasMaxLength(Amendment.MaxNoteLength);
        builder.PrimitiveCollection(a => a.Surfaces).ElementType().HasConversion<string>();
        builder.PrimitiveCollection(a => a.ApiOrganizationIds);
        builder.PrimitiveCollection(a => a.CodexWorkspaceIds);
        builder.PrimitiveCollection(a => a.AccountEmails);
        builder.PrimitiveCollection(a => a.Models);
        builder.PrimitiveCollection(a => a.RenewGrantIds);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // An organization's amendments, newest first.
        builder.HasIndex(a => new { a.OrganizationId, a.RequestedAt });
        builder.HasIndex(a => a.Status);

        builder.OwnsMany(a => a.Decisions, decision =>
        {
            decision.ToTable("AmendmentDecisions");
            decision.WithOwner().HasForeignKey("AmendmentId");
            decision.Property<int>("Id");
            decision.HasKey("Id");
            decision.Property(d => d.Justification).HasMaxLength(SurfaceDecision.MaxJustificationLength).IsRequired();
            decision.Property(d => d.PartnerMessage).HasMaxLength(SurfaceDecision.MaxJustificationLength);
        });
        builder.Navigation(a => a.Decisions).HasField("_decisions");
        builder.Ignore(a => a.OpenNeedsInfo);
    }
}
