using PreviewAccess.Web.Features.Settings;

namespace PreviewAccess.Web.Pages;

/// <summary>
/// The program explained: its phase, models and prices, prompt caching and the unsupported countries (from the program's
/// settings, read at every request, so an admin's change shows at once), scope, and what does not grant access.
/// </summary>
public sealed class ProgramModel(ProgramSettingsQueries settings) : PortalPageModel
{
    public ProgramOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Overview = await settings.OverviewAsync(cancellationToken);
}
