using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Webhooks;

/// <summary>
/// One endpoint: change its URL and events or disable it (against the version the admin saw), send a test event, delete
/// it, read its deliveries and resend one. The page's <c>[Authorize]</c> keeps others out; the use cases refuse them regardless.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DetailsModel(WebhookAdministration webhooks) : AdminPageModel
{
    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public WebhookEndpointView Endpoint { get; private set; } = null!;

    public IReadOnlyList<WebhookDeliveryView> Deliveries { get; private set; } = [];

    public int RecentLimit => WebhookAdministration.RecentDeliveries;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = new SettingsInput { Url = Endpoint.Url, EventTypes = [.. Endpoint.EventTypes], Active = Endpoint.IsActive, Version = Endpoint.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.ChangeAsync(new ChangeWebhookInput(id, Input.Version, Input.Url, Input.EventTypes, Input.Active), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("The endpoint’s settings were saved.");
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return Failure(outcome, seenVersion: Input.Version, currentVersion: Endpoint.Version) ?? Page();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.SendTestAsync(id, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"A test event ({outcome.Value}) was queued: its delivery appears below within a few seconds.");
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = new SettingsInput { Url = Endpoint.Url, EventTypes = [.. Endpoint.EventTypes], Active = Endpoint.IsActive, Version = Endpoint.Version };
        return Failure(outcome) ?? Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.DeleteAsync(id, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"The endpoint {outcome.Value} was deleted, with its deliveries: nothing more is sent to it.");
            return RedirectToPage("Index");
        }

        return Refused(outcome) ?? RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, Guid delivery, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.ResendAsync(id, delivery, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("The event was queued again as a new delivery: it appears below within a few seconds.");
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = new SettingsInput { Url = Endpoint.Url, EventTypes = [.. Endpoint.EventTypes], Active = Endpoint.IsActive, Version = Endpoint.Version };
        return Failure(outcome) ?? Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await webhooks.GetAsync(id, cancellationToken) is not { } endpoint) return false;
        Endpoint = endpoint;
        Deliveries = await webhooks.DeliveriesAsync(id, cancellationToken);
        return true;
    }

    public sealed class SettingsInput
    {
        [Display(Name = "URL")]
        public string? Url { get; set; }

        public List<string> EventTypes { get; set; } = [];

        [Display(Name = "Active: send events to this endpoint")]
        public bool Active { get; set; }

        public int Version { get; set; }
    }
}
