using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Admin.ApiKeys;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.ApiKeys;

/// <summary>The API keys, without their secrets; <c>?revoke=id</c> asks for confirmation before the revoking POST.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ApiKeyAdministration apiKeys) : AdminPageModel
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    /// <summary>The key the admin asked to revoke: the page shows the confirmation form for it.</summary>
    public ApiKeyView? ToRevoke { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? revoke, CancellationToken cancellationToken)
    {
        Keys = await apiKeys.ListAsync(cancellationToken);
        if (revoke is { } id)
        {
            ToRevoke = Keys.FirstOrDefault(k => k.Id == id);
            if (ToRevoke is null) return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await apiKeys.RevokeAsync(id, cancellationToken);
        if (outcome.Succeeded)
        {
            var key = await apiKeys.GetAsync(id, cancellationToken);
            Flash($"The key “{key?.Name}” ({key?.DisplayPrefix}…) was revoked: it no longer authenticates.");
            return RedirectToPage();
        }

        Keys = await apiKeys.ListAsync(cancellationToken);
        return Failure(outcome) ?? Page();
    }
}
