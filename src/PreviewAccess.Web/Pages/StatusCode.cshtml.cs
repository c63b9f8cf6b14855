using Microsoft.AspNetCore.Mvc;

namespace PreviewAccess.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PortalPageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
