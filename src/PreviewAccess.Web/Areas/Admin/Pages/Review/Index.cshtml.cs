using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;

namespace PreviewAccess.Web.Areas.Admin.Pages.Review;

/// <summary>The review queue, oldest submission first (enrollments, then amendments), and the grants waiting for a second approver.</summary>
public sealed class IndexModel(PendingReviews reviews, AmendmentQueries amendments, GrantChanges grants, AccountRepresentatives representatives, TimeProvider clock) : AdminPageModel
{
    /// <summary>Unset: a representative's own portfolio, everything for an admin.</summary>
    [BindProperty(SupportsGet = true)]
    public bool? Mine { get; set; }

    public IReadOnlyList<QueueItem> Queue { get; private set; } = [];

    /// <summary>Amendments under review: reviewed beside the enrollments, as a delta on the organization's scope.</summary>
    public IReadOnlyList<AmendmentQueueItem> Amendments { get; private set; } = [];

    public IReadOnlyList<AwaitingSecondApproval> SecondApprovals { get; private set; } = [];

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public Guid? Me => CurrentUserId;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mine ??= IsAccountRep;
        var rep = Mine == true ? CurrentUserId : null;
        Queue = await reviews.ListAsync(rep, cancellationToken);
        Amendments = await amendments.UnderReviewAsync(rep, cancellationToken);
        SecondApprovals = await reviews.AwaitingSecondApprovalAsync(rep, cancellationToken);
        Representatives = await representatives.ListAsync();
        Now = clock.GetUtcNow();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid grantId, CancellationToken cancellationToken)
    {
        var outcome = await grants.ConfirmSecondApprovalAsync(grantId, cancellationToken);
        if (Refused(outcome) is { } refused) return refused;
        if (outcome.Succeeded) Flash($"Second approval recorded for {outcome.Value!.Identifier}. The grant is approved — not yet enabled: a rollout wave enables it.");
        else Problem($"The second approval was not recorded: {outcome.Message}");
        return RedirectToPage();
    }

    public string RepName(Guid id) => Representatives.FirstOrDefault(r => r.Id == id)?.DisplayName ?? "another staff user";
}
