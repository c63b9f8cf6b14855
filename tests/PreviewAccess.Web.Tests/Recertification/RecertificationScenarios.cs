using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>An enabled grant arranged for one test.</summary>
public sealed record ArrangedGrant(Guid OrganizationId, string OrganizationName, Guid GrantId, string Identifier, string AccountEmail);

public static class RecertificationScenarios
{
    public const string Sol = "gpt-5.6-sol";

    /// <summary>
    /// An organization of its own with one API grant, through the domain's own steps: enrolled, approved (expiring on
    /// <paramref name="expiresOn"/>), government coordination recorded, scheduled in an open wave and enabled at <paramref name="enabledAt"/>.
    /// </summary>
    public static async Task<ArrangedGrant> EnabledGrantAsync(this PortalApp app, DateOnly? expiresOn, DateTimeOffset enabledAt,
        string repEmail = DemoData.RepEmail, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var arranged = await app.UnderReviewAsync(name ?? TestData.UniqueName("Recertify"), [Surface.Api], repEmail, submittedAt: enabledAt.AddDays(-3));
        var repId = await app.UserIdAsync(repEmail);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var organization = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == arranged.Id);
        var approvedAt = enabledAt.AddDays(-2);
        var grant = organization.Approve(new ApprovalRequest(Surface.Api, [arranged.ApiOrganizationIds[0]], [Sol], [arranged.AccountEmails[0]], "Meets the criteria.", expiresOn, false),
            [], new HashSet<string>(), new HashSet<string>([Sol]), repId, approvedAt).Single();
        organization.RecordGovernmentCoordination(new GovernmentCoordination(DateOnly.FromDateTime(approvedAt.UtcDateTime), "USG-RECERT", repId, approvedAt));
        var wave = Wave.Plan("Wave " + Guid.NewGuid().ToString("N")[..6], enabledAt.AddMinutes(-5), 100, enabledAt.AddDays(-1));
        wave.Open(enabledAt.AddMinutes(-5));
        grant.ScheduleIn(wave.Id);
        grant.StartProvisioning(organization);
        grant.Enable(organization, enabledAt);
        db.Waves.Add(wave);
        db.Grants.Add(grant);
        await db.SaveChangesAsync();
        return new ArrangedGrant(organization.Id, organization.Name, grant.Id, grant.Identifier, arranged.AccountEmails[0]);
    }
}
