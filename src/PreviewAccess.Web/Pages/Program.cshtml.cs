using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Web.Pages;

/// <summary>The program explained: models and prices (from the catalog), scope, and what does not grant access.</summary>
public sealed class ProgramModel(PortalDbContext db) : PortalPageModel
{
    public IReadOnlyList<PreviewModel> Models { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Models = await db.Models.AsNoTracking().OrderByDescending(m => m.InputPerMillion).ToListAsync(cancellationToken);
}
