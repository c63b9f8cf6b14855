using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.ReviewThreads;

namespace PreviewAccess.Web.Areas.Partner.Pages.Amendments;

/// <summary>
/// One request: what was asked, each surface's outcome in the partner's words, and the conversation with the
/// representative, answered here (which sends the request back to review). Another organization's request is not found.
/// </summary>
public sealed class DetailsModel(PartnerAmendments amendments, ReviewThreadQueries threads, WriteInThread write) : PartnerPageModel
{
    public PartnerAmendmentView Amendment { get; private set; } = null!;

    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    [BindProperty]
    public string? Answer { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, CancellationToken cancellationToken)
    {
        // Looked up first within the partner's own organization: another's id is not found, whatever the use case would say.
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var outcome = await write.HandleAsync(new WriteInThreadInput(OrganizationId, id, Answer), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Your answer was sent to your account representative. The request is under review again.");
            return RedirectToPage(new { id });
        }

        if (Failure(outcome, prefix: string.Empty, fieldNames: new Dictionary<string, string> { ["body"] = nameof(Answer) }) is { } refused) return refused;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = await amendments.GetAsync(OrganizationId, id, cancellationToken);
        if (request is null) return false;
        Amendment = request;
        Thread = await threads.GetAsync(OrganizationId, id, cancellationToken);
        return true;
    }
}
