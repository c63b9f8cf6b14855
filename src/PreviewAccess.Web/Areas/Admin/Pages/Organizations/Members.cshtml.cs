using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Members;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>
/// An organization's partner accounts as the staff see them: its owner, its members and the colleagues' invitations
/// not used yet. Read-only: the team is the owner's to manage.
/// </summary>
public sealed class MembersModel(PartnerTeam team) : AdminPageModel
{
    public TeamView Team { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var loaded = await team.LoadAsync(id, cancellationToken);
        if (loaded is null) return NotFound();
        Team = loaded;
        return Page();
    }
}
