using Microsoft.AspNetCore.Authorization;
using PreviewAccess.Web.Features.Staff;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Staff;

[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(StaffUsers staff) : AdminPageModel
{
    public IReadOnlyList<StaffUserView> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await staff.ListAsync(cancellationToken);
}
