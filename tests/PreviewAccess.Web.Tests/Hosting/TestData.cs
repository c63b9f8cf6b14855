using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Domain.Support;

namespace PreviewAccess.Web.Tests.Hosting;

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

/// <summary>An account a test made (staff, or a partner of <paramref name="OrganizationId"/>), with the password it signs in with.</summary>
public sealed record TestUser(Guid Id, string Email, string DisplayName, string Password, Guid? OrganizationId = null);

public sealed record TestInvitation(TestOrganization Organization, Guid InvitationId, string Token);

/// <summary>
/// The one builder of test data. Its static part is the source of the names, identifiers and emails tests arrange data
/// with: each is new at every call, so tests that share a portal never see each other's data, whatever order they run in.
/// An instance arranges data in a portal's database the way the program would have made it: through the domain's own
/// methods (nominate, invite, accept, enroll, approve, schedule, enable), saved with the portal's own DbContext; accounts
/// through the portal's user manager, API keys as the admin area and the command line make them.
/// </summary>
public sealed class TestData(PortalApp app)
{
    /// <summary>The password of every account made here.</summary>
    public const string Password = "test-users-password-123";

    public static readonly string[] AllModels = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];

    private const string LettersAndDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Ten lower-case letters or digits, new at every call: the part that makes a name or an address unique.</summary>
    public static string Unique() => RandomNumberGenerator.GetString(LettersAndDigits, 10);

    /// <summary><paramref name="prefix"/> followed by a unique part, e.g. "Under review k3x9…".</summary>
    public static string UniqueName(string prefix) => $"{prefix} {Unique()}";

    /// <summary>An email address at <paramref name="domain"/> nobody else uses.</summary>
    public static string NewEmail(string who = "contact", string domain = "partner.example") => $"{who}-{Unique()}@{domain}";

    /// <summary>An API organization ID: <c>org-</c> and 24 letters or digits.</summary>
    public static string NewApiOrganizationId() => "org-" + RandomNumberGenerator.GetString(LettersAndDigits, 24);

    /// <summary>A Codex workspace ID: <c>ws-</c> and 16 letters or digits.</summary>
    public static string NewWorkspaceId() => "ws-" + RandomNumberGenerator.GetString(LettersAndDigits, 16);

    // ---- Accounts and keys ---------------------------------------------------------------------

    /// <summary>An account in <paramref name="role"/> (a partner's when <paramref name="organizationId"/> is given), email confirmed.</summary>
    public async Task<TestUser> UserAsync(string role, string? email = null, Guid? organizationId = null, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        email ??= NewEmail(role.ToLowerInvariant(), "staff.example");
        displayName ??= email;
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, OrganizationId = organizationId, CreatedAt = Now };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return new TestUser(user.Id, email, displayName, Password, organizationId);
    }

    /// <summary>A member of staff (an account representative unless told otherwise) with a name of their own.</summary>
    public Task<TestUser> StaffAsync(string role = Roles.AccountRep, string? name = null)
    {
        var unique = Unique();
        return UserAsync(role, $"rep-{unique}@staff.example", displayName: name ?? $"Rep {unique}");
    }

    /// <summary>A partner account of the organization.</summary>
    public Task<TestUser> PartnerAsync(TestOrganization organization, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return UserAsync(Roles.Partner, email ?? $"partner-{Unique()}@{organization.Domain}", organization.Id, "Partner " + organization.Name);
    }

    /// <summary>A browser signed in as <paramref name="user"/> through the sign-in form.</summary>
    public Task<HttpClient> SignedInAsync(TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return app.SignedInAsync(user.Email, user.Password);
    }

    /// <summary>A key made as the admin area and the command line make it: the secret is returned once, its hash stored.</summary>
    public async Task<string> KeyAsync(Guid ownerId, params string[] scopes)
    {
        var (key, secret) = ApiKey.Create(ownerId, "Test key", scopes, Now);
        await WriteAsync(db =>
        {
            db.ApiKeys.Add(key);
            return Task.CompletedTask;
        });
        return secret;
    }

    // ---- Organizations, grants, waves, cases ---------------------------------------------------

    /// <summary>Nominated and invited: returns the token as the mail would carry it.</summary>
    public async Task<TestInvitation> InvitedAsync(DateTimeOffset? sentAt = null, TestUser? rep = null)
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
    public async Task<TestOrganization> EnrolledAsync(Surface[] surfaces, bool submit = true, int apiIds = 2, int codexIds = 1, TestUser? rep = null)
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

    /// <summary>Reads (or, saving itself, writes) the portal's database: see <see cref="PortalApp.ReadAsync{T}"/>.</summary>
    public Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read) => app.ReadAsync(read);

    public Task<Organization> OrganizationAsync(Guid id) => app.OrganizationAsync(id);

    private async Task WriteAsync(Func<PortalDbContext, Task> write)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await write(db);
        await db.SaveChangesAsync();
    }

    private static TestOrganization Describe(Organization organization, string contact, IReadOnlyList<string> api, IReadOnlyList<string> codex, IReadOnlyList<string> emails, TestUser rep) =>
        new(organization.Id, organization.Name, contact, api, codex, emails, rep.Id, rep.DisplayName, rep.Email);
}
