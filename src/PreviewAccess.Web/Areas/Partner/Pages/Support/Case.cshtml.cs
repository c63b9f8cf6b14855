using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner.Pages.Support;

/// <summary>
/// One of the organization's own cases: its status, the access decision on its inputs, and the conversation with
/// support (replies only: the desk's internal notes are never read here). The partner answers on this page.
/// </summary>
public sealed class CaseModel(PartnerSupportCases cases) : PartnerPageModel
{
    private static readonly Dictionary<string, string> FormFields = new(StringComparer.Ordinal) { ["text"] = nameof(Reply) };

    public PartnerCaseDetail Case { get; private set; } = null!;

    [BindProperty]
    public string? Reply { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await cases.ReplyAsync(OrganizationId, id, CurrentUserId ?? Guid.Empty, Reply, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("Your reply was sent to support.");
            return RedirectToPage(new { id });
        }

        if (Failure(outcome, prefix: string.Empty, fieldNames: FormFields) is { } refused) return refused;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(OrganizationId, id, cancellationToken);
        if (found is null) return false;
        Case = found;
        return true;
    }
}
