using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data.Idempotency;

namespace PreviewAccess.Data;

/// <summary>API POSTs sent with an Idempotency-Key, and their first answers.</summary>
public abstract partial class PortalDbContext
{
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
}
