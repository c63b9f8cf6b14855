using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data.Reviews;

namespace PreviewAccess.Data;

/// <summary>The conversations "more information" decisions open on enrollments and amendments.</summary>
public abstract partial class PortalDbContext
{
    public DbSet<ReviewMessage> ReviewMessages => Set<ReviewMessage>();
}
