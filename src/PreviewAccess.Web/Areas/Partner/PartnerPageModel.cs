using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Partner;

/// <summary>
/// A page of the partners' area. The organization is the signed-in partner's own, read from their sign-in
/// (the area's policy guarantees the claim): no partner page takes an organization from the URL.
/// </summary>
public abstract class PartnerPageModel : PortalPageModel
{
    protected Guid OrganizationId => PartnerOrganizationId ?? Guid.Empty;
}
