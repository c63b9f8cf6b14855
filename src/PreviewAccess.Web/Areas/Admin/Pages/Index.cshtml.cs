using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Dashboard;

namespace PreviewAccess.Web.Areas.Admin.Pages;

/// <summary>The program in figures. A representative lands on their own portfolio; an admin on the whole program.</summary>
public sealed class IndexModel(ProgramDashboard dashboard) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public bool? Mine { get; set; }

    public DashboardView Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mine ??= IsAccountRep;
        Figures = await dashboard.GetAsync(Mine == true ? CurrentUserId : null, cancellationToken);
    }
}
