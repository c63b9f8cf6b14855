using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Settings;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Settings;

/// <summary>
/// The program's settings (admins): the models and their prices, the prompt-caching multipliers, the unsupported
/// countries, the phase and second approval. Each section is a form of its own; a refused one comes back with its
/// errors beside its fields while the others show the settings as they are.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ProgramSettingsQueries settings, ChangeProgramSettings change) : AdminPageModel
{
    public const string PricesSection = "prices";
    public const string NewModelSection = "new-model";
    public const string MultipliersSection = "multipliers";
    public const string CountriesSection = "countries";
    public const string PhaseSection = "phase";
    public const string SecondApprovalSection = "second-approval";

    private const string SavedKey = "SettingsSaved";

    private string? _refused;

    private (string Section, string Message)? _saved;

    [BindProperty]
    public PricesForm Prices { get; set; } = new();

    [BindProperty]
    public NewModelForm NewModel { get; set; } = new();

    [BindProperty]
    public MultipliersForm Multipliers { get; set; } = new();

    [BindProperty]
    public CountryForm Country { get; set; } = new();

    [BindProperty]
    public PhaseForm Phase { get; set; } = new();

    [BindProperty]
    public SecondApprovalForm SecondApproval { get; set; } = new();

    public ProgramOverview Overview { get; private set; } = null!;

    /// <summary>
    /// The section whose form was refused (<c>prices:gpt-5.6-sol</c> for one model's prices): it shows what was typed and
    /// its errors. Known from the handler, or, when the text binder refused a value before any handler ran, from the errors.
    /// </summary>
    public string? Refused => _refused ?? SectionOfErrors();

    /// <summary>Whether the refusal was someone else's change: the section then shows the settings as they are now.</summary>
    public bool ChangedMeanwhile { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Overview = await settings.OverviewAsync(cancellationToken);

    public async Task<IActionResult> OnPostPricesAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.SetModelPricesAsync(new SetModelPricesInput(Prices.ModelId, Prices.Version, Prices.InputPerMillion, Prices.OutputPerMillion), cancellationToken);
        return await AfterAsync(outcome, $"{PricesSection}:{Prices.ModelId}", nameof(Prices), PricesSection,
            $"The prices of {Prices.ModelId} were saved. Estimates from now on use them; nothing priced before is priced again.", cancellationToken);
    }

    public async Task<IActionResult> OnPostAddModelAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.AddModelAsync(new AddModelInput(NewModel.ModelId, NewModel.Name, NewModel.InputPerMillion, NewModel.OutputPerMillion), cancellationToken);
        return await AfterAsync(outcome, NewModelSection, nameof(NewModel), PricesSection,
            $"{NewModel.ModelId?.Trim()} was added to the catalog. Grants include it only when a reviewer approves it.", cancellationToken);
    }

    public async Task<IActionResult> OnPostMultipliersAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.SetCacheMultipliersAsync(new SetCacheMultipliersInput(Multipliers.Version, Multipliers.CacheWriteMultiplier, Multipliers.CacheReadMultiplier), cancellationToken);
        return await AfterAsync(outcome, MultipliersSection, nameof(Multipliers), MultipliersSection,
            "The prompt-caching multipliers were saved. Estimates from now on use them.", cancellationToken);
    }

    public async Task<IActionResult> OnPostAddCountryAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.AddUnsupportedCountryAsync(new UnsupportedCountryInput(Country.Code), cancellationToken);
        var code = Country.Code is { } typed ? Domain.Common.Countries.Normalize(typed) : string.Empty;
        return await AfterAsync(outcome, CountriesSection, nameof(Country), CountriesSection,
            $"{code} is now an unsupported country: access checks from there are refused from now on.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveCountryAsync(string? code, CancellationToken cancellationToken)
    {
        var outcome = await change.RemoveUnsupportedCountryAsync(new UnsupportedCountryInput(code), cancellationToken);
        return await AfterAsync(outcome, CountriesSection, nameof(Country), CountriesSection,
            $"{code?.Trim().ToUpperInvariant()} was removed from the unsupported countries.", cancellationToken);
    }

    public async Task<IActionResult> OnPostPhaseAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.SetPhaseAsync(new SetPhaseInput(Phase.Version, Phase.Phase), cancellationToken);
        var phase = Enum.TryParse<ProgramPhase>(Phase.Phase, out var chosen) ? Vocabulary.Phase(chosen) : string.Empty;
        return await AfterAsync(outcome, PhaseSection, nameof(Phase), PhaseSection,
            $"The program's phase is now: {phase}. The public program page says so.", cancellationToken);
    }

    public async Task<IActionResult> OnPostSecondApprovalAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.SetSecondApprovalAsync(new SetSecondApprovalInput(SecondApproval.Version, SecondApproval.Required ?? false), cancellationToken);
        return await AfterAsync(outcome, SecondApprovalSection, nameof(SecondApproval), SecondApprovalSection,
            SecondApproval.Required is true
                ? "Second approval is on: grants approved from now on wait for a second, different staff user."
                : "Second approval is off: grants approved from now on need one approver.",
            cancellationToken);
    }

    /// <summary>
    /// The confirmation of the change just saved in <paramref name="anchor"/>'s section, shown there: the redirect lands on
    /// that section (the form's fragment), where a message at the top of the page would be out of sight.
    /// </summary>
    public string? SavedIn(string anchor)
    {
        _saved ??= TempData[SavedKey] is string kept && kept.Split('|', 2) is [var section, var message] ? (section, message) : (string.Empty, string.Empty);
        return _saved.Value.Section == anchor ? _saved.Value.Message : null;
    }

    /// <summary>The value a field of <paramref name="section"/> shows: what was typed when that form was refused, else the setting now.</summary>
    public string ValueOf(string section, string field, string current) =>
        Refused == section && !ChangedMeanwhile && ModelState.TryGetValue(field, out var entry) && entry.AttemptedValue is { } typed ? typed : current;

    /// <summary>The error beside a field of <paramref name="section"/>, if that form was refused.</summary>
    public string? ErrorOf(string section, string field) =>
        Refused == section && ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>
    /// A text field of <paramref name="section"/>, showing <paramref name="current"/> unless its form came back refused. A
    /// refused field takes the id the form's summary links to (<c>Prices.InputPerMillion</c> → <c>Prices_InputPerMillion</c>):
    /// only one form is ever refused, so it is the only field with that id.
    /// </summary>
    public SettingsField Field(string section, string name, string id, string label, string current, string? help = null, string? prefix = null,
        string? suffix = null, string inputMode = "decimal", int maxLength = 40, string cssClass = "settings-number", string? button = null)
    {
        var error = ErrorOf(section, name);
        return new(name, error is null ? id : FieldId(name), label, ValueOf(section, name, current), error, help, prefix, suffix, inputMode, maxLength, cssClass, button);
    }

    /// <summary>The id the form's summary of errors (<c>_FormErrors</c>) links a refused field by.</summary>
    public static string FieldId(string name) => TagBuilder.CreateSanitizedId(name, "_");

    /// <summary>The version a form of <paramref name="section"/> carries: the one its admin saw, unless it was refused for being stale.</summary>
    public int VersionOf(string section, int? posted, int current) =>
        Refused == section && !ChangedMeanwhile && posted is { } seen ? seen : current;

    private async Task<IActionResult> AfterAsync(Outcome<bool> outcome, string section, string prefix, string anchor, string success, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            TempData[SavedKey] = $"{anchor}|{(outcome.Value ? success : "Nothing changed: the values you saved are the ones already in place.")}";
            return RedirectToPage(null, null, null, anchor);
        }

        _refused = section;
        Overview = await settings.OverviewAsync(cancellationToken);
        if (Failure(outcome, prefix) is { } refused) return refused;
        if (outcome.Kind == OutcomeKind.Conflict)
        {
            // Someone else's change won: the form shows the settings as they are now, with the message above it.
            ChangedMeanwhile = true;
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        }

        return Page();
    }

    private string? SectionOfErrors()
    {
        var key = ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).FirstOrDefault();
        return key?.Split('.')[0] switch
        {
            nameof(Prices) => $"{PricesSection}:{Prices.ModelId}",
            nameof(NewModel) => NewModelSection,
            nameof(Multipliers) => MultipliersSection,
            nameof(Country) => CountriesSection,
            nameof(Phase) => PhaseSection,
            nameof(SecondApproval) => SecondApprovalSection,
            _ => null,
        };
    }

    public sealed class PricesForm
    {
        public string? ModelId { get; set; }

        public int? Version { get; set; }

        public string? InputPerMillion { get; set; }

        public string? OutputPerMillion { get; set; }
    }

    public sealed class NewModelForm
    {
        public string? ModelId { get; set; }

        public string? Name { get; set; }

        public string? InputPerMillion { get; set; }

        public string? OutputPerMillion { get; set; }
    }

    public sealed class MultipliersForm
    {
        public int? Version { get; set; }

        public string? CacheWriteMultiplier { get; set; }

        public string? CacheReadMultiplier { get; set; }
    }

    public sealed class CountryForm
    {
        public string? Code { get; set; }
    }

    public sealed class PhaseForm
    {
        public int? Version { get; set; }

        public string? Phase { get; set; }
    }

    public sealed class SecondApprovalForm
    {
        public int? Version { get; set; }

        public bool? Required { get; set; }
    }
}
