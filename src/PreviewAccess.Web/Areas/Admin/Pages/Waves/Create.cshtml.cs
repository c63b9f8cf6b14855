using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Areas.Admin.Pages.Waves;

/// <summary>Plans a wave: its name, when it opens by itself (UTC), how many grants it holds and how many it enables per minute.</summary>
public sealed class CreateModel(WaveUseCases waves) : AdminPageModel
{
    [BindProperty]
    public WaveInput Input { get; set; } = new();

    public void OnGet() => Input.EnablementsPerMinute = PlanWaveInput.DefaultEnablementsPerMinute;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A value the browser's field could not turn into a number or a time is reported by the use case's own rule, in its words,
        // on the same field; what was typed stays in the field.
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count == 0) continue;
            unreadable.Add(key);
            entry.Errors.Clear();
        }

        var opensAt = Input.OpensAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero) : default;
        var input = new PlanWaveInput(Input.Name ?? string.Empty, opensAt, Input.Capacity ?? 0,
            unreadable.Contains("Input.EnablementsPerMinute") ? 0 : Input.EnablementsPerMinute ?? PlanWaveInput.DefaultEnablementsPerMinute);
        var outcome = await waves.PlanAsync(input, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"{outcome.Value!.Name} was planned. Place approved grants in it below; it opens by itself at {Vocabulary.Moment(outcome.Value.OpensAt)} unless you open it sooner.");
            return RedirectToPage("Details", new { id = outcome.Value.Id });
        }

        return Failure(outcome) ?? Page();
    }

    public sealed class WaveInput
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Opens at (UTC)")]
        [DataType(DataType.DateTime)]
        public DateTime? OpensAt { get; set; }

        [Display(Name = "Capacity (grants)")]
        public int? Capacity { get; set; }

        [Display(Name = "Enablements per minute")]
        public int? EnablementsPerMinute { get; set; }
    }
}
