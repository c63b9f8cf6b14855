using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Admin.ApiKeys;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.ApiKeys;

/// <summary>
/// Create an API key. The secret is rendered once, in the response to the POST itself (no redirect, nothing in
/// TempData), with <c>Cache-Control: no-store</c>; afterwards only its prefix is ever shown.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(ApiKeyAdministration apiKeys) : AdminPageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public IReadOnlyList<ApiKeyOwnerOption> Owners { get; private set; } = [];

    /// <summary>Set only in the response to a successful POST.</summary>
    public CreatedApiKey? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.OwnerId = CurrentUserId;
        Owners = await apiKeys.OwnersAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var outcome = await apiKeys.CreateAsync(new CreateApiKeyInput(Input.Name, Input.Scopes, Input.OwnerId ?? CurrentUserId), cancellationToken);
        if (outcome.Succeeded)
        {
            Created = outcome.Value;
            return Page();
        }

        Owners = await apiKeys.OwnersAsync(cancellationToken);
        return Failure(outcome) ?? Page();
    }

    public sealed class CreateInput
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Scopes")]
        public List<string> Scopes { get; set; } = [];

        [Display(Name = "Owner")]
        public Guid? OwnerId { get; set; }
    }
}
