using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Recertification;

/// <summary>
/// Grants to re-certify: expiring within some days, or enabled (or last re-certified) more than 90 days ago.
/// Several at once: re-certify until a new date, or revoke with a reason. A representative starts on their own portfolio.
/// </summary>
public sealed class IndexModel(GrantsToRecertify grants, GrantChanges changes, AccountRepresentatives representatives) : AdminPageModel
{
    public const string Mine = MyPortfolio;
    public const string Everyone = WholeProgram;
    public const string Recertify = "recertify";
    public const string Revoke = "revoke";

    /// <summary>Expiring within this many days (1–365; anything else reads as the default, 30).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Days { get; set; }

    /// <summary><c>mine</c>, <c>all</c> or a representative's id. Unset: a representative's own portfolio, everyone for an admin.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Rep { get; set; }

    [BindProperty]
    public BulkInput Input { get; set; } = new();

    public RecertificationList List { get; private set; } = new([], false);

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    /// <summary>After a conflict the list shows the current versions: the person has been told and sees the current state.</summary>
    private bool _showCurrentVersions = true;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        _showCurrentVersions = false;
        if (ModelState.TryGetValue("Input.ExpiresOn", out var dateState) && dateState.Errors.Count > 0)
        {
            // The browser's date field sends yyyy-MM-dd; anything else is reported on the field, in our words.
            dateState.Errors.Clear();
            if (Input.Action == Recertify) ModelState.AddModelError("Input.ExpiresOn", "Enter the date as a day, e.g. 2027-03-31.");
        }

        var picks = Input.Grants.Distinct().Select(id => new GrantPick(id, Input.Versions.GetValueOrDefault(id))).ToList();
        Outcome<int> outcome;
        switch (Input.Action)
        {
            case Recertify when ModelState.IsValid:
                outcome = await changes.RecertifyAsync(new RecertifyGrantsInput(picks, Input.ExpiresOn), cancellationToken);
                break;
            case Recertify:
                return Page();
            case Revoke:
                ModelState.Remove("Input.ExpiresOn");
                outcome = await changes.RevokeAllAsync(new RevokeGrantsInput(picks, Input.Reason ?? string.Empty), cancellationToken);
                break;
            default:
                ModelState.AddModelError(string.Empty, "Choose re-certify or revoke.");
                return Page();
        }

        if (outcome.Succeeded)
        {
            var count = outcome.Value == 1 ? "1 grant was" : $"{outcome.Value} grants were";
            Flash(Input.Action == Recertify
                ? $"{count} re-certified until {Vocabulary.Day(Input.ExpiresOn!.Value)}."
                : $"{count} revoked.");
            return RedirectToPage(new { days = Days, rep = Rep });
        }

        if (Failure(outcome) is { } refused) return refused;
        if (outcome.Kind == OutcomeKind.Conflict)
        {
            // Reload: the list now shows what changed, with its current version.
            await LoadAsync(cancellationToken);
            _showCurrentVersions = true;
        }

        return Page();
    }

    /// <summary>The version a row's hidden field carries: the one the person saw, until a conflict showed them the current one.</summary>
    public int VersionFor(RecertificationItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !_showCurrentVersions && Input.Versions.TryGetValue(item.GrantId, out var seen) ? seen : item.Version;
    }

    public bool IsPicked(Guid grantId) => Input.Grants.Contains(grantId);

    public string DaysValue => (Days ?? GrantsToRecertify.DefaultDays).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Representatives = await representatives.ListAsync();
        // The filters are read leniently: one that makes no sense falls back to the default instead of failing the form.
        ModelState.Remove(nameof(Days));
        ModelState.Remove(nameof(Rep));
        if (Days is not (>= 1 and <= GrantsToRecertify.MaxDays)) Days = GrantsToRecertify.DefaultDays;
        (Rep, var repId) = ReadPortfolioFilter(Rep);
        List = await grants.ListAsync(new RecertificationFilter(Days.Value, repId), cancellationToken);
    }

    public sealed class BulkInput
    {
        /// <summary><c>recertify</c> or <c>revoke</c>: the button pressed.</summary>
        public string? Action { get; set; }

        /// <summary>The picked grants.</summary>
        public List<Guid> Grants { get; set; } = [];

        /// <summary>Per listed grant, the version the person saw (optimistic concurrency).</summary>
        public Dictionary<Guid, int> Versions { get; set; } = [];

        [Display(Name = "Re-certify until")]
        [DataType(DataType.Date)]
        public DateOnly? ExpiresOn { get; set; }

        [Display(Name = "Reason for revoking")]
        public string? Reason { get; set; }
    }
}
