using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Data;

/// <summary>Sign-in sessions kept on the server (the cookie holds only a session's id).</summary>
public abstract partial class PortalDbContext
{
    public DbSet<UserSession> UserSessions => Set<UserSession>();
}
