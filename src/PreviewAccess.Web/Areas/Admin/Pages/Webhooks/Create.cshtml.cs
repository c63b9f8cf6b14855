using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Webhooks;

/// <summary>
/// Register an endpoint. The signing secret is rendered once, in the answer to the POST (no redirect, nothing in
/// TempData, <c>Cache-Control: no-store</c>); afterwards only its last characters are shown.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(WebhookAdministration webhooks, IOptions<WebhookOptions> options) : AdminPageModel
{
    [BindProperty]
    public WebhookInput Input { get; set; } = new();

    public CreatedWebhook? Created { get; private set; }

    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var outcome = await webhooks.CreateAsync(new CreateWebhookInput(Input.Url, Input.EventTypes, Input.Secret), cancellationToken);
        if (outcome.Succeeded)
        {
            Created = outcome.Value;
            return Page();
        }

        // Never echo a secret back into the form.
        Input.Secret = null;
        return Failure(outcome) ?? Page();
    }

    public sealed class WebhookInput
    {
        [Display(Name = "URL")]
        public string? Url { get; set; }

        public List<string> EventTypes { get; set; } = [];

        [Display(Name = "Signing secret (optional)")]
        public string? Secret { get; set; }
    }
}
