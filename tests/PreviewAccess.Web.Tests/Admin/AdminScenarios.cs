using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Seeding;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>An organization arranged in the database through the domain's own methods, for one test.</summary>
public sealed record ArrangedOrganization(Guid Id, string Name, IReadOnlyList<string> ApiOrganizationIds, IReadOnlyList<string> CodexWorkspaceIds, IReadOnlyList<string> AccountEmails);

/// <summary>Builders of test data: each test arranges organizations of its own, with unique names and identifiers.</summary>
public static class AdminScenarios
{
    public static async Task<Guid> UserIdAsync(this PortalApp app, string email)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    /// <summary>Nominated by the demo representative (or <paramref name="repEmail"/>), nothing more.</summary>
    public static Task<ArrangedOrganization> NominatedAsync(this PortalApp app, string? name = null, string repEmail = DemoData.RepEmail) =>
        app.ArrangeAsync(name ?? UniqueName("Nominated"), repEmail, _ => { });

    /// <summary>Enrolled and submitted: under review for <paramref name="surfaces"/>.</summary>
    public static Task<ArrangedOrganization> UnderReviewAsync(this PortalApp app, string? name = null, Surface[]? surfaces = null,
        string repEmail = DemoData.RepEmail, DateTimeOffset? submittedAt = null, string country = "US")
    {
        surfaces ??= [Surface.Api, Surface.Codex];
        var apiIds = surfaces.Contains(Surface.Api) ? new[] { NewApiOrganizationId(), NewApiOrganizationId() } : [];
        var workspaces = surfaces.Contains(Surface.Codex) ? new[] { NewWorkspaceId() } : [];
        var suffix = RandomNumberGenerator.GetHexString(6).ToLowerInvariant();
        var emails = new[] { $"lead-{suffix}@partner.example", $"dev-{suffix}@partner.example" };
        return app.ArrangeAsync(name ?? UniqueName("Under review"), repEmail, organization =>
        {
            var at = submittedAt ?? DateTimeOffset.UtcNow;
            var invitation = organization.Invite(emails[0], SecretToken.Issue().Hash, Guid.Empty, at.AddDays(-2));
            organization.AcceptInvitation(invitation.Id, at.AddDays(-1));
            organization.SubmitEnrollment(EnrollmentSubmission.Create(new EnrollmentRequest(
                organization.Name + " Inc.", country, surfaces, apiIds, workspaces, emails, "Evaluate GPT-5.6 for code review.", false, true), Guid.Empty, false, at));
        }, apiIds, workspaces, emails, country);
    }

    private static async Task<ArrangedOrganization> ArrangeAsync(this PortalApp app, string name, string repEmail, Action<Organization> arrange,
        IReadOnlyList<string>? apiIds = null, IReadOnlyList<string>? workspaces = null, IReadOnlyList<string>? emails = null, string country = "US")
    {
        var repId = await app.UserIdAsync(repEmail);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var organization = Organization.Nominate(name, country, repId, DateTimeOffset.UtcNow.AddDays(-5));
        arrange(organization);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return new ArrangedOrganization(organization.Id, name, apiIds ?? [], workspaces ?? [], emails ?? []);
    }
}
