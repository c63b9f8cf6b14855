using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Url).HasMaxLength(WebhookUrl.MaxLength + 100).IsRequired();
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000).IsRequired();
        builder.Property(e => e.SecretHint).HasMaxLength(20).IsRequired();
        builder.PrimitiveCollection(e => e.EventTypes);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.EventType).HasMaxLength(60).IsRequired();
        builder.Property(d => d.Payload).IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        // One first delivery per event and endpoint: a receiver sees each event id once however often it is retried, and
        // again only when an admin resends it (a delivery of its own, ResendOf set).
        builder.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique().HasFilter("\"ResendOf\" IS NULL");
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}
