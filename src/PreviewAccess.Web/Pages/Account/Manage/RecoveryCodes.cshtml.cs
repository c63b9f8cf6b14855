using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account.Manage;

/// <summary>Recovery codes, shown once: right after they are made, and never again.</summary>
public sealed class RecoveryCodesModel(UserManager<PortalUser> users) : ManagePageModel(users)
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    public void OnGet()
    {
        if (TempData[TwoFactorModel.RecoveryCodesKey] is string codes) Codes = codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
