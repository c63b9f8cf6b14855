namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>The program's FAQ, written for partners from the notice.</summary>
public sealed class HelpModel : PartnerPageModel
{
    public void OnGet()
    {
    }
}
