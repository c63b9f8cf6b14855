using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Members;

namespace PreviewAccess.Data;

/// <summary>The colleagues an organization's owner invited (the members themselves are partner users of the organization).</summary>
public abstract partial class PortalDbContext
{
    public DbSet<MemberInvitation> MemberInvitations => Set<MemberInvitation>();
}
