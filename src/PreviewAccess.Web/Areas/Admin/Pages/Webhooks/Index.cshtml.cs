using Microsoft.AspNetCore.Authorization;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Webhooks;

/// <summary>The registered webhook endpoints, with how their deliveries stand.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(WebhookAdministration webhooks) : AdminPageModel
{
    public IReadOnlyList<WebhookEndpointView> Endpoints { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Endpoints = await webhooks.ListAsync(cancellationToken);
}
