using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Tests.Hosting;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>An organization a test arranged, with everything it needs to find it again.</summary>
public sealed record TestOrganization(
    Guid Id,
    string Name,
    string ContactEmail,
    IReadOnlyList<string> ApiIds,
    IReadOnlyList<string> CodexIds,
    IReadOnlyList<string> AccountEmails,
    Guid RepId,
    string RepName,
    string RepEmail)
{
    public string Domain => ContactEmail.Split('@')[1];

    public IReadOnlyList<string> IdsFor(Surface surface) => surface == Surface.Api ? ApiIds : CodexIds;
}

public sealed record TestPartner(Guid UserId, string Email, string Password, Guid OrganizationId);

public sealed record TestInvitation(TestOrganization Organization, Guid InvitationId, string Token);

/// <summary>
/// Arranges data the way the program would have made it: through the domain's own methods (nominate, invite, accept,
/// enroll, approve, schedule, enable), saved with the portal's own DbContext. Every name, identifier and email is unique.
/// </summary>
public sealed class PartnerData(PortalApp app)
{
    public const string Password = "partner-test-password";

    public static readonly string[] AllModels = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public async Task<PortalUser> StaffAsync(string role = Roles.AccountRep, string? name = null)
    {
        var unique = Unique();
        return await CreateUserAsync($"rep-{unique}@staff.example", name ?? $"Rep {unique}", role, null);
    }

    /// <summary>Nominated and invited: returns the token as the mail would carry it.</summary>
    public async Task<TestInvitation> InvitedAsync(DateTimeOffset? sentAt = null, PortalUser? rep = null)
    {
        rep ??= await StaffAsync();
        var unique = Unique();
        var contact = $"contact@{unique}.example";
        var token = SecretToken.Issue();
        var organization = Organization.Nominate($"Org {unique}", "US", rep.Id, Now.AddDays(-30));
        var invitation = organization.Invite(contact, token.Hash, rep.Id, sentAt ?? Now.AddMinutes(-5));
        await WriteAsync(db =>
        {
            db.Organizations.Add(organization);
            return Task.CompletedTask;
        });
        return new TestInvitation(Describe(organization, contact, [], [], [], rep), invitation.Id, token.Secret);
    }

    /// <summary>Invited, accepted, and (unless <paramref name="submit"/> is false) enrolled for <paramref name="surfaces"/>.</summary>
    public async Task<TestOrganization> EnrolledAsync(Surface[] surfaces, bool submit = true, int apiIds = 2, int codexIds = 1, PortalUser? rep = null)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        rep ??= await StaffAsync();
        var unique = Unique();
        var contact = $"contact@{unique}.example";
        var organization = Organization.Nominate($"Org {unique}", "US", rep.Id, Now.AddDays(-30));
        var invitation = organization.Invite(contact, SecretToken.Issue().Hash, rep.Id, Now.AddDays(-20));
        organization.AcceptInvitation(invitation.Id, Now.AddDays(-19));
        var api = surfaces.Contains(Surface.Api) ? Enumerable.Range(0, apiIds).Select(_ => NewApiOrganizationId()).ToList() : [];
        var codex = surfaces.Contains(Surface.Codex) ? Enumerable.Range(0, codexIds).Select(_ => NewWorkspaceId()).ToList() : [];
        var emails = new List<string> { contact, $"dev@{unique}.example" };
        if (submit)
        {
            organization.SubmitEnrollment(EnrollmentSubmission.Create(
                new EnrollmentRequest($"Org {unique} Inc.", "US", surfaces, api, codex, emails, "Internal engineering tools.", false, true),
                Guid.Empty, false, Now.AddDays(-18)));
        }

        await WriteAsync(db =>
        {
            db.Organizations.Add(organization);
            return Task.CompletedTask;
        });
        return Describe(organization, contact, api, codex, emails, rep);
    }

    public async Task<IReadOnlyList<Guid>> ApproveAsync(TestOrganization organization, Surface surface, IReadOnlyCollection<string>? identifiers = null,
        IReadOnlyCollection<string>? models = null, IReadOnlyCollection<string>? emails = null, bool secondApproval = false, DateOnly? expiresOn = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        IReadOnlyList<Guid> ids = [];
        await ChangeAsync(organization, async (o, db, now) =>
        {
            var existing = await db.Grants.Where(g => g.OrganizationId == o.Id).ToListAsync();
            var grants = o.Approve(
                new ApprovalRequest(surface, identifiers ?? organization.IdsFor(surface), models ?? AllModels, emails ?? organization.AccountEmails, "Approved in a test.", expiresOn, secondApproval),
                existing, new HashSet<string>(), AllModels.ToHashSet(), organization.RepId, now);
            db.Grants.AddRange(grants);
            ids = grants.Select(g => g.Id).ToList();
        });
        return ids;
    }

    public async Task<Guid> WaveAsync(string name, DateTimeOffset opensAt, bool open = false)
    {
        var wave = Wave.Plan(name, opensAt, capacity: 1000, Now.AddDays(-1));
        if (open) wave.Open(Now);
        await WriteAsync(db =>
        {
            db.Waves.Add(wave);
            return Task.CompletedTask;
        });
        return wave.Id;
    }

    public Task ScheduleAsync(TestOrganization organization, Surface surface, Guid waveId) =>
        ChangeGrantsAsync(organization, surface, (grant, _, _) => grant.ScheduleIn(waveId));

    /// <summary>Government coordination recorded, then every approved grant of the surface scheduled, provisioned and enabled.</summary>
    public async Task EnableAsync(TestOrganization organization, Surface surface)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var wave = await WaveAsync("Enablement " + Unique(), Now.AddDays(-1), open: true);
        await ChangeAsync(organization, async (o, db, now) =>
        {
            o.RecordGovernmentCoordination(new GovernmentCoordination(DateOnly.FromDateTime(now.UtcDateTime), "USG-TEST", organization.RepId, now));
            foreach (var grant in await db.Grants.Where(g => g.OrganizationId == o.Id && g.Surface == surface).ToListAsync())
            {
                if (grant.Status == GrantStatus.Approved) grant.ScheduleIn(wave);
                grant.StartProvisioning(o);
                grant.Enable(o, now);
            }
        });
    }

    public Task ChangeAsync(TestOrganization organization, Action<Organization, DateTimeOffset> change) =>
        ChangeAsync(organization, (o, _, now) =>
        {
            change(o, now);
            return Task.CompletedTask;
        });

    public async Task ChangeAsync(TestOrganization organization, Func<Organization, PortalDbContext, DateTimeOffset, Task> change)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(change);
        await WriteAsync(async db =>
        {
            var tracked = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == organization.Id);
            await change(tracked, db, Now);
        });
    }

    public async Task ChangeGrantsAsync(TestOrganization organization, Surface surface, Action<ScopeGrant, Organization, DateTimeOffset> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await ChangeAsync(organization, async (o, db, now) =>
        {
            foreach (var grant in await db.Grants.Where(g => g.OrganizationId == o.Id && g.Surface == surface).ToListAsync()) change(grant, o, now);
        });
    }

    /// <summary>Sends the enrollment back to the partner, as a reviewer asking for more information does.</summary>
    public Task NeedsInfoAsync(TestOrganization organization, Surface surface, string message) =>
        ChangeAsync(organization, (o, now) => o.RequestMoreInformation(surface, message, organization.RepId, now));

    public async Task<Guid> SupportCaseAsync(TestOrganization organization, Guid openedBy)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var supportCase = SupportCase.Open(organization.Id, organization.ApiIds[0], organization.ContactEmail, AffectedSurfaces.Api,
            $"Error 403 for {organization.Name}", "req_" + Unique(), Now.AddHours(-1), SupportCaseCategory.AccessProblem, openedBy, Now);
        await WriteAsync(db =>
        {
            db.SupportCases.Add(supportCase);
            return Task.CompletedTask;
        });
        return supportCase.Id;
    }

    /// <summary>A partner account of the organization.</summary>
    public async Task<TestPartner> PartnerAsync(TestOrganization organization, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var user = await CreateUserAsync(email ?? $"partner-{Unique()}@{organization.Domain}", "Partner " + organization.Name, Roles.Partner, organization.Id);
        return new TestPartner(user.Id, user.Email!, Password, organization.Id);
    }

    public async Task<HttpClient> SignedInAsync(TestPartner partner, PortalApp? portal = null)
    {
        ArgumentNullException.ThrowIfNull(partner);
        var client = PartnerPortal.NewClient(portal ?? app);
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = partner.Email, ["Input.Password"] = partner.Password });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"Signing in {partner.Email} answered {(int)response.StatusCode}");
        return client;
    }

    public async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var scope = app.Scope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public Task<Organization> OrganizationAsync(Guid id) =>
        ReadAsync(db => db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleAsync(o => o.Id == id));

    private async Task WriteAsync(Func<PortalDbContext, Task> write)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await write(db);
        await db.SaveChangesAsync();
    }

    private async Task<PortalUser> CreateUserAsync(string email, string displayName, string role, Guid? organizationId)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, OrganizationId = organizationId, CreatedAt = Now };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    private static TestOrganization Describe(Organization organization, string contact, IReadOnlyList<string> api, IReadOnlyList<string> codex, IReadOnlyList<string> emails, PortalUser rep) =>
        new(organization.Id, organization.Name, contact, api, codex, emails, rep.Id, rep.DisplayName, rep.Email!);
}
