using PreviewAccess.Web.Features.Amendments;

namespace PreviewAccess.Web.Areas.Partner.Pages.Amendments;

/// <summary>The organization's requests to change its access, newest first.</summary>
public sealed class IndexModel(PartnerAmendments amendments) : PartnerPageModel
{
    public IReadOnlyList<PartnerAmendmentView> Requests { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Requests = await amendments.ListAsync(OrganizationId, cancellationToken);
}
