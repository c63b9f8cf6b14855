using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Features.SupportDesk;

namespace PreviewAccess.Web.Areas.Support.Pages.Cases;

/// <summary>One case: what the partner reported, the access decision on it per surface, and the work on it.</summary>
public sealed class DetailsModel(SupportCaseDesk desk, IAccessFactsSource facts, TimeProvider clock) : PageModel
{
    public SupportCaseDetails Case { get; private set; } = null!;

    public IReadOnlyList<SurfaceDiagnosis> Diagnosis { get; private set; } = [];

    public IReadOnlyList<StaffMember> Agents { get; private set; } = [];

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public Guid? AssigneeId { get; set; }

    [BindProperty]
    public SupportCaseStatus NewStatus { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.AssignAsync(id, AssigneeId, Version, cancellationToken), "The case was assigned.", cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.MoveToAsync(id, NewStatus, Version, cancellationToken), "The status was changed.", cancellationToken);

    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.AddNoteAsync(id, Note ?? string.Empty, Version, cancellationToken), "The note was added.", cancellationToken);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<Guid> outcome, string done, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            TempData["Flash"] = done;
            return RedirectToPage(new { id });
        }

        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        foreach (var (field, messages) in outcome.Errors)
        {
            foreach (var message in messages) ModelState.AddModelError(field == "text" ? nameof(Note) : string.Empty, message);
        }

        if (outcome.Kind == OutcomeKind.Conflict) ModelState.AddModelError(string.Empty, outcome.Message!);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await desk.GetAsync(id, cancellationToken);
        if (found is null) return false;
        Case = found;
        Version = found.Version;
        AssigneeId ??= found.AssigneeId;
        NewStatus = found.Status;
        Agents = await desk.AgentsAsync(cancellationToken);
        var surfaces = found.Surfaces switch
        {
            AffectedSurfaces.Api => [Domain.Catalog.Surface.Api],
            AffectedSurfaces.Codex => [Domain.Catalog.Surface.Codex],
            _ => new[] { Domain.Catalog.Surface.Api, Domain.Catalog.Surface.Codex },
        };
        Diagnosis = await CaseDiagnosis.RunAsync(facts, surfaces, found.Identifier, found.Email, null, clock.GetUtcNow(), cancellationToken);
        return true;
    }
}
