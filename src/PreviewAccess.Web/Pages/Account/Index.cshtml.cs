using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Accounts;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>"Your account": who you are signed in as, your password, your sessions (end one or all others), and for staff their own API keys.</summary>
[Authorize]
public sealed class IndexModel(AccountSessions sessions, OwnApiKeys apiKeys) : PortalPageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    /// <summary>Null for partners, who have no keys.</summary>
    public IReadOnlyList<OwnApiKeyView>? ApiKeys { get; private set; }

    public string DisplayName => CurrentUserDisplayName;

    public string Email => CurrentUserEmail;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (CurrentUserId is not { } userId) return Challenge();
        Sessions = await sessions.ListAsync(userId, CurrentSession, cancellationToken);
        if (IsStaff) ApiKeys = await apiKeys.ListAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync(CancellationToken cancellationToken)
    {
        if (CurrentUserId is not { } userId) return Challenge();
        var ended = await sessions.EndAllButAsync(userId, CurrentSession, cancellationToken);
        Flash(ended == 0 ? "You had no other sessions." : $"You are signed out everywhere else ({ended} session(s) ended).");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutSessionAsync(Guid id, CancellationToken cancellationToken)
    {
        if (CurrentUserId is not { } userId) return Challenge();
        if (id == AccountSessions.CurrentId(CurrentSession)) return RedirectToPage();
        Flash(await sessions.EndAsync(userId, id, cancellationToken) ? "That session was signed out." : "That session had already ended.");
        return RedirectToPage();
    }

    private string? CurrentSession => User.FindFirstValue(PortalClaims.SessionId);
}
