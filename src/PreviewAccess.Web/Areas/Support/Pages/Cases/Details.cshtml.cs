using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages.Cases;

/// <summary>One case: what the partner reported, the access decision on it per surface, and the work on it.</summary>
public sealed class DetailsModel(SupportCaseDesk desk, IAccessFactsSource facts, TimeProvider clock) : PortalPageModel
{
    /// <summary>Unlike the portal's general sentence, no "Reload": reloading would send the same stale form again.</summary>
    public const string ChangedMeanwhile = "Someone else changed this case while you were working on it, and your change was not saved. "
        + "The page now shows the case as it is; what you chose or typed is still in its form: check it, then send it again.";

    /// <summary>The desk's fields that this page's forms name otherwise (the reply's text is mapped per form, see <see cref="OnPostReplyAsync"/>).</summary>
    private static readonly Dictionary<string, string> FormFields = new(StringComparer.Ordinal)
    {
        ["text"] = nameof(Note),
        ["assigneeId"] = nameof(AssigneeId),
        ["status"] = nameof(NewStatus),
    };

    private static readonly Dictionary<string, string> ReplyFields = new(StringComparer.Ordinal) { ["text"] = nameof(Reply) };

    public SupportCaseDetails Case { get; private set; } = null!;

    public IReadOnlyList<SurfaceDiagnosis> Diagnosis { get; private set; } = [];

    public IReadOnlyList<StaffMember> Agents { get; private set; } = [];

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public Guid? AssigneeId { get; set; }

    [BindProperty]
    public SupportCaseStatus? NewStatus { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>A public reply: the partner reads it and is mailed it.</summary>
    [BindProperty]
    public string? Reply { get; set; }

    /// <summary>Whether the signed-in member of the desk already has the case.</summary>
    public bool AssignedToMe => Case.AssigneeId is { } assignee && assignee == CurrentUserId;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken) =>
        NotChosen(nameof(AssigneeId))
            ? await RefusedAsync(id, Outcome<Guid>.Invalid("assigneeId", "Choose someone from the list."), cancellationToken)
            : await AfterAsync(id, await desk.AssignAsync(id, AssigneeId, Version, cancellationToken), "The case was assigned.", cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken cancellationToken) =>
        NotChosen(nameof(NewStatus))
            ? await RefusedAsync(id, Outcome<Guid>.Invalid("status", "Choose one of the statuses in the list."), cancellationToken)
            : await AfterAsync(id, await desk.MoveToAsync(id, NewStatus!.Value, Version, cancellationToken), "The status was changed.", cancellationToken);

    public async Task<IActionResult> OnPostAssignToMeAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.AssignToMeAsync(id, Version, cancellationToken), "The case is assigned to you.", cancellationToken);

    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.AddNoteAsync(id, Note ?? string.Empty, Version, cancellationToken), "The internal note was added. The partner does not see it.", cancellationToken);

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await desk.ReplyAsync(id, Reply ?? string.Empty, Version, cancellationToken), "Your reply was sent to the partner.", cancellationToken, ReplyFields);

    /// <summary>
    /// Whether <paramref name="field"/> was left out or could not be read. Either would reach the case as a default
    /// (nobody, or Open) that no one chose, so the change is refused before it is tried.
    /// </summary>
    private bool NotChosen(string field) => !Sent(field) || ModelState.GetFieldValidationState(field) == ModelValidationState.Invalid;

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<Guid> outcome, string done, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        if (outcome.Succeeded)
        {
            Flash(done);
            return RedirectToPage(new { id });
        }

        return await RefusedAsync(id, outcome, cancellationToken, fields);
    }

    private async Task<IActionResult> RefusedAsync(Guid id, Outcome<Guid> outcome, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? fields = null)
    {
        fields ??= FormFields;

        // A refused choice is not offered again: its list shows the case's current value, and the message says why.
        foreach (var field in outcome.Errors.Keys.Select(key => fields.GetValueOrDefault(key)))
        {
            if (field is nameof(AssigneeId) or nameof(NewStatus)) ModelState.Remove(field);
        }

        var shown = outcome.Message == Outcome.ChangedMeanwhile ? Outcome<Guid>.Conflict(ChangedMeanwhile) : outcome;
        if (Failure(shown, prefix: string.Empty, fieldNames: fields) is { } refused) return refused;

        // Every form is drawn again with the version read now, or sending it once more would conflict again.
        ModelState.Remove(nameof(Version));
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    /// <summary>
    /// Reads the case. The forms show its current assignee and status, except a choice the person has just sent and
    /// that was read (it stays in the model state): after a conflict it can be sent again as it was.
    /// </summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await desk.GetAsync(id, cancellationToken);
        if (found is null) return false;
        Case = found;
        Version = found.Version;
        if (!Sent(nameof(AssigneeId))) AssigneeId = found.AssigneeId;
        if (!Sent(nameof(NewStatus))) NewStatus = found.Status;
        Agents = await desk.AgentsAsync(cancellationToken);
        var surfaces = found.Surfaces switch
        {
            AffectedSurfaces.Api => [Domain.Catalog.Surface.Api],
            AffectedSurfaces.Codex => [Domain.Catalog.Surface.Codex],
            _ => new[] { Domain.Catalog.Surface.Api, Domain.Catalog.Surface.Codex },
        };

        // Each surface is asked about with its own identifier: a case on both names the API organization and the workspace.
        var diagnosis = new List<SurfaceDiagnosis>();
        foreach (var surface in surfaces)
        {
            var identifier = surface == Domain.Catalog.Surface.Codex && found.CodexWorkspaceId is { } workspace ? workspace : found.Identifier;
            diagnosis.AddRange(await CaseDiagnosis.RunAsync(facts, [surface], identifier, found.Email, null, clock.GetUtcNow(), cancellationToken));
        }

        Diagnosis = diagnosis;
        return true;
    }

    private bool Sent(string field) => ModelState.TryGetValue(field, out var entry) && entry.RawValue is not null;
}
