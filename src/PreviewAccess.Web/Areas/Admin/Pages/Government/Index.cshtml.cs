using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Government;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Government;

/// <summary>The government coordination register (admins): who was shared when, under which reference; exported as CSV.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(GovernmentRegister register, TimeProvider clock) : AdminPageModel
{
    /// <summary><c>recorded</c>, <c>missing</c> or empty for all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public IReadOnlyList<RegisterEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await register.ListAsync(Show switch { "recorded" => true, "missing" => false, _ => null }, cancellationToken);

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var csv = await register.ExportAsync(cancellationToken);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(csv, Features.Common.SpreadsheetCsv.ContentType, $"government-coordination-{day}.csv");
    }
}
