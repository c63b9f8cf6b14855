using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Support;

namespace PreviewAccess.Data.Configurations;

internal sealed class SupportCaseConfiguration : IEntityTypeConfiguration<SupportCase>
{
    public void Configure(EntityTypeBuilder<SupportCase> builder)
    {
        builder.ToTable("SupportCases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Identifier).HasMaxLength(Domain.Catalog.Identifiers.MaxLength).IsRequired();
        builder.Property(c => c.Email).HasMaxLength(EmailAddress.MaxLength).IsRequired();
        builder.Property(c => c.ErrorMessage).HasMaxLength(SupportCase.MaxErrorMessageLength).IsRequired();
        builder.Property(c => c.RequestId).HasMaxLength(SupportCase.MaxRequestIdLength);
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.Status, c.OpenedAt });
        builder.HasIndex(c => c.OrganizationId);
        builder.Ignore(c => c.SurfacesToDiagnose);
        builder.Property(c => c.CodexWorkspaceId).HasMaxLength(Domain.Catalog.Identifiers.MaxLength);
        builder.Ignore(c => c.PublicMessages);

        // Replies and internal notes in one table, told apart by Kind: the partner's reads filter on it.
        builder.OwnsMany(c => c.Messages, message =>
        {
            message.ToTable("SupportCaseMessages");
            message.WithOwner().HasForeignKey("SupportCaseId");
            message.Property<int>("Id");
            message.HasKey("Id");
            message.Property(m => m.Text).HasMaxLength(SupportCase.MaxNoteLength).IsRequired();
            message.Ignore(m => m.IsPublic);
        });
        builder.Navigation(c => c.Messages).HasField("_messages");
    }
}
