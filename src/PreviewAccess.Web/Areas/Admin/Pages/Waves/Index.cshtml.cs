using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Areas.Admin.Pages.Waves;

/// <summary>Every rollout wave: its state, opening time, capacity, rate and how far its grants have come.</summary>
public sealed class IndexModel(WaveBoard board) : AdminPageModel
{
    public IReadOnlyList<WaveSummary> Waves { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Waves = await board.ListAsync(cancellationToken);
}
