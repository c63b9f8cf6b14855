using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Webhooks;

/// <summary>
/// Register an endpoint. The signing secret is rendered once, in the answer to the POST (no redirect, nothing in
/// TempData, <c>Cache-Control: no-store</c>); afterwards only its last characters are shown. One form registers one
/// endpoint (<see cref="SecretFormSubmissions"/>): reloading the answer says it exists instead of registering another.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(WebhookAdministration webhooks, IOptions<WebhookOptions> options, SecretFormSubmissions submissions) : AdminPageModel
{
    [BindProperty]
    public WebhookInput Input { get; set; } = new();

    public CreatedWebhook? Created { get; private set; }

    /// <summary>Set when the form was sent again after it registered its endpoint: that endpoint's address, if known yet.</summary>
    public string? AlreadyCreated { get; private set; }

    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks;

    public void OnGet() => Input.FormId = Guid.NewGuid();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var user = CurrentUserId ?? Guid.Empty;
        var form = Input.FormId ??= Guid.NewGuid();
        if (!submissions.TryClaim(user, form, out var createdUrl))
        {
            AlreadyCreated = createdUrl ?? string.Empty;
            return Page();
        }

        var outcome = await webhooks.CreateAsync(new CreateWebhookInput(Input.Url, Input.EventTypes, Input.Secret), cancellationToken);
        if (outcome.Succeeded)
        {
            submissions.Created(user, form, outcome.Value!.Url);
            Created = outcome.Value;
            return Page();
        }

        submissions.Release(user, form);
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

        /// <summary>This form's own id: one form registers one endpoint.</summary>
        public Guid? FormId { get; set; }
    }
}
