using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.ApiKeys;

/// <summary>The API keys, without their secrets; <c>?revoke=id</c> asks for confirmation before the revoking POST.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ApiKeyAdministration apiKeys) : AdminPageModel
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    /// <summary>The key the admin asked to revoke: the page shows the confirmation form for it.</summary>
    public ApiKeyView? ToRevoke { get; private set; }

    /// <param name="revoke">Read as text: an id that is not a key's (malformed or unknown) is a 404, not a form error.</param>
    public async Task<IActionResult> OnGetAsync(string? revoke, CancellationToken cancellationToken)
    {
        Keys = await apiKeys.ListAsync(cancellationToken);
        if (revoke is not null)
        {
            ToRevoke = Guid.TryParse(revoke, out var id) ? Keys.FirstOrDefault(k => k.Id == id) : null;
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
