using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Areas.Support.Pages;

/// <summary>"Why can't they access it?": the access decision on the notice's ticket fields. A GET form: nothing changes.</summary>
public sealed class DiagnoseModel(CheckAccess check, PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Surface { get; set; } = "Api";

    [BindProperty(SupportsGet = true)]
    public string? Identifier { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Model { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Country { get; set; }

    public IReadOnlyList<string> Models { get; private set; } = [];

    public AccessAnswer? Answer { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Models = await db.Models.AsNoTracking().OrderBy(m => m.ModelId).Select(m => m.ModelId).ToListAsync(cancellationToken);
        Model ??= Models.Count > 0 ? Models[0] : null;
        if (string.IsNullOrWhiteSpace(Identifier) && string.IsNullOrWhiteSpace(Email)) return;

        var outcome = await check.HandleAsync(new CheckAccessInput(Surface, Identifier, Email, Model, Country), cancellationToken);
        if (outcome.Succeeded)
        {
            Answer = outcome.Value;
            return;
        }

        foreach (var (field, messages) in outcome.Errors)
        {
            foreach (var message in messages) ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], message);
        }
    }
}
