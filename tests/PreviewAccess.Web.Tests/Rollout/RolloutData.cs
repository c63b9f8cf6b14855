using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Web.Tests.Rollout;

/// <summary>
/// A wave and organizations with one approved API grant each, built through the domain (valid states only) and saved
/// in one go: invited, accepted, enrolled, approved, and, unless told otherwise, scheduled in the wave.
/// </summary>
internal static class RolloutData
{
    public static readonly string[] Models = ["gpt-5.6-sol"];

    /// <param name="open">Open the wave now; otherwise it stays planned for a day, and the test opens it when it is ready.</param>
    /// <param name="chunk">Organizations saved per round trip; the context is cleared between chunks, so large waves stay quick.</param>
    public static async Task<Guid> SeedAsync(PortalDbContext db, int organizations, bool coordinated, int rate, bool schedule = true, bool open = true, int chunk = 100)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = DateTimeOffset.UtcNow;
        var rep = new PortalUser { UserName = "rep@rollout.example", Email = "rep@rollout.example", DisplayName = "Rep", CreatedAt = now };
        db.Users.Add(rep);
        var wave = Wave.Plan("Wave under test", open ? now.AddMinutes(-1) : now.AddDays(1), capacity: 10_000, now, rate);
        if (open) wave.Open(now);
        db.Waves.Add(wave);
        for (var i = 0; i < organizations; i++)
        {
            var organization = Organization.Nominate($"Rollout {i:000}", "US", rep.Id, now);
            var invitation = organization.Invite(ContactEmail(i), SecretToken.Issue().Hash, rep.Id, now);
            organization.AcceptInvitation(invitation.Id, now);
            var apiOrg = ApiOrganizationId(i);
            organization.SubmitEnrollment(EnrollmentSubmission.Create(new EnrollmentRequest($"Rollout {i} Inc.", "US", [Surface.Api], [apiOrg], [],
                [$"dev{i}@rollout.example"], "Research.", false, true), rep.Id, true, now));
            if (coordinated) organization.RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), $"USG-{i}", rep.Id, now));
            var grants = organization.Approve(new ApprovalRequest(Surface.Api, [apiOrg], Models, [$"dev{i}@rollout.example"], "Approved.", null, false),
                [], new HashSet<string>(), new HashSet<string>(Models), rep.Id, now);
            if (schedule) grants[0].ScheduleIn(wave.Id);
            db.Organizations.Add(organization);
            db.Grants.AddRange(grants);
            if ((i + 1) % chunk == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return wave.Id;
    }

    /// <summary>The one contact of organization <paramref name="i"/>, who receives its enablement mail.</summary>
    public static string ContactEmail(int i) => $"contact{i}@rollout.example";

    /// <summary>The API organization ID of organization <paramref name="i"/>'s grant.</summary>
    public static string ApiOrganizationId(int i) => $"org-rollout{i:00000000000000000}";
}
