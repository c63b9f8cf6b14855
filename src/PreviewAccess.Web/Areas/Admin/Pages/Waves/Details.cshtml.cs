using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Catalog;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Areas.Admin.Pages.Waves;

/// <summary>
/// One wave: open, pause or resume it; place approved grants in it (filtered, one by one or every match); its progress by
/// grant status over time; and every blocked grant with what blocks it and where to clear it.
/// </summary>
public sealed class DetailsModel(WaveUseCases waves, WaveBoard board, AccountRepresentatives representatives, CatalogQueries catalog) : AdminPageModel
{
    [BindProperty]
    public WaveInput Input { get; set; } = new();

    // The filters: read from the query string and, for "assign every match", from the form. Anything unreadable is ignored.
    [BindProperty(SupportsGet = true, Name = "surface")]
    public string? SurfaceFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "model")]
    public string? ModelFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "rep")]
    public string? RepFilter { get; set; }

    /// <summary>
    /// "Assign all matching" places grants the page may not list: a representative may use it when the filter keeps to
    /// their own portfolio, or when every match is listed and is theirs.
    /// </summary>
    public bool MayAssignEveryMatch => IsAdmin
        || (Guid.TryParse(RepFilter, out var rep) && rep == CurrentUserId)
        || (Assignable.Total == Assignable.Items.Count && Assignable.Items.All(g => May(ProgramAction.PlaceGrantsInWave, g.OrganizationId, g.AccountRepId)));

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? CountryFilter { get; set; }

    public WaveView Wave { get; private set; } = null!;

    public AssignablePage Assignable { get; private set; } = new([], 0);

    public IReadOnlyList<BlockedGrant> Blocked { get; private set; } = [];

    public IReadOnlyList<ProgressPoint> Progress { get; private set; } = [];

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    public IReadOnlyList<ModelView> Models { get; private set; } = [];

    public IReadOnlyList<string> Countries { get; private set; } = [];

    public AssignableGrantFilter Filter { get; private set; } = new();

    public int Assigned => Wave.Counts.Values.Sum();

    public int Room => Math.Max(0, Wave.Capacity - Assigned);

    public bool CanRecordCoordination => IsAdmin;

    public bool TakesGrants => Wave.State != WaveState.Completed;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input.Version = Wave.Version;
        return Page();
    }

    public Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, version => waves.AssignAsync(id, Input.GrantIds, version, cancellationToken),
            wave => $"{Vocabulary.Plural(Input.GrantIds.Distinct().Count(), "grant")} placed in {wave.Name}: scheduled — not yet enabled.", cancellationToken);

    public Task<IActionResult> OnPostAssignMatchingAsync(Guid id, CancellationToken cancellationToken)
    {
        var filter = ReadFilter();
        var before = 0;
        return ChangeAsync(id, async version =>
            {
                before = (await waves.GetAsync(id, cancellationToken))?.Counts.Values.Sum() ?? 0;
                return await waves.AssignMatchingAsync(id, filter, version, cancellationToken);
            },
            wave => $"{Vocabulary.Plural(wave.Counts.Values.Sum() - before, "grant")} placed in {wave.Name}: scheduled — not yet enabled.", cancellationToken);
    }

    public Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, version => waves.OpenAsync(id, version, cancellationToken),
            wave => $"{wave.Name} is open: its grants are being enabled, {Vocabulary.Plural(wave.EnablementsPerMinute, "grant")} a minute at most.", cancellationToken);

    public Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, version => waves.PauseAsync(id, version, cancellationToken),
            wave => $"{wave.Name} is paused: nothing more is enabled until you resume it.", cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, version => waves.ResumeAsync(id, version, cancellationToken),
            wave => $"{wave.Name} resumed: enabling goes on where it stopped.", cancellationToken);

    /// <summary>The change, against the version the person saw; on success back to the page (keeping the filters), else the page again with the reason.</summary>
    private async Task<IActionResult> ChangeAsync(Guid id, Func<int, Task<Outcome<WaveView>>> change, Func<WaveView, string> done, CancellationToken cancellationToken)
    {
        var seen = Input.Version;
        var outcome = await change(seen);
        if (outcome.Succeeded)
        {
            Flash(done(outcome.Value!));
            return RedirectToPage(new { id, surface = SurfaceFilter, model = ModelFilter, rep = RepFilter, country = CountryFilter });
        }

        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        // The grants that were ticked stay ticked.
        return ShowAgainAtCurrentVersion(outcome, seen, Wave.Version, version => Input.Version = version, "grantIds");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var wave = await waves.GetAsync(id, cancellationToken);
        if (wave is null) return false;
        Wave = wave;
        Representatives = await representatives.ListAsync();
        Models = await catalog.ModelsAsync(cancellationToken);
        Filter = ReadFilter();
        // The chosen country stays chosen (and visible in its list) even when nothing there is left to assign.
        var countries = await board.AssignableCountriesAsync(cancellationToken);
        Countries = Filter.Country is { } chosen && !countries.Contains(chosen) ? [.. countries.Append(chosen).Order(StringComparer.Ordinal)] : countries;
        Assignable = await board.AssignableAsync(Filter, cancellationToken);
        Blocked = await board.BlockedAsync(id, cancellationToken);
        Progress = await board.ProgressAsync(id, cancellationToken);
        return true;
    }

    private AssignableGrantFilter ReadFilter()
    {
        Surface? surface = ExactNames.TryParse<Surface>(SurfaceFilter, out var parsed) && parsed.IsInPreview() ? parsed : null;
        var model = Models.Count == 0 || Models.Any(m => m.Id == ModelFilter) ? ModelFilter : null;
        Guid? rep = Guid.TryParse(RepFilter, out var repId) ? repId : null;
        var country = Domain.Common.Countries.IsValid(CountryFilter) ? Domain.Common.Countries.Normalize(CountryFilter!) : null;
        return new AssignableGrantFilter(surface, string.IsNullOrWhiteSpace(model) ? null : model, rep, country);
    }

    public string RepName(Guid id) => Representatives.FirstOrDefault(r => r.Id == id)?.DisplayName ?? "Unknown";

    public bool IsTicked(Guid grantId) => Input.GrantIds.Contains(grantId);

    public sealed class WaveInput
    {
        public List<Guid> GrantIds { get; set; } = [];

        public int Version { get; set; }
    }
}
