using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>Product feedback, mailed to the organization's account representative.</summary>
public sealed class FeedbackModel(SendFeedback sendFeedback, PartnerSnapshots snapshots) : PartnerPageModel
{
    [BindProperty]
    public FeedbackInput Input { get; set; } = new();

    public PartnerRepresentative Representative { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return NotFound();
        var outcome = await sendFeedback.HandleAsync(OrganizationId, new FeedbackSender(CurrentUserDisplayName, CurrentUserEmail), new SendFeedbackInput(Input.Topic, Input.Message), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"Thank you. Your feedback was sent to {outcome.Value}, your account representative.");
            return RedirectToPage("/Support/Index");
        }

        return Failure(outcome) ?? Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(OrganizationId, cancellationToken);
        if (snapshot is null) return false;
        Representative = snapshot.Representative;
        return true;
    }

    public sealed class FeedbackInput
    {
        public string? Topic { get; set; }

        public string? Message { get; set; }
    }
}
