using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.ReviewThreads;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>
/// The heart of the partners' area: per surface and identifier, what is true now and what to do; the requests to change
/// access that are under way; and, when the representative asked about the enrollment, the conversation and the answer.
/// </summary>
public sealed class StatusModel(PartnerStatus status, ReviewThreadQueries threads, WriteInThread write) : PartnerPageModel
{
    public PartnerStatusView View { get; private set; } = null!;

    /// <summary>The enrollment's conversation: the representative's questions and the answers.</summary>
    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    [BindProperty]
    public string? Answer { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The answer to the representative's question: it goes in the thread and the enrollment is under review again.</summary>
    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken cancellationToken)
    {
        var outcome = await write.HandleAsync(new WriteInThreadInput(OrganizationId, null, Answer), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Your answer was sent to your account representative. Your enrollment is under review again.");
            return RedirectToPage();
        }

        if (Failure(outcome, prefix: string.Empty, fieldNames: new Dictionary<string, string> { ["body"] = nameof(Answer) }) is { } refused) return refused;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var view = await status.GetAsync(OrganizationId, cancellationToken);
        if (view is null) return false;
        View = view;
        Thread = await threads.GetAsync(OrganizationId, null, cancellationToken);
        return true;
    }
}
