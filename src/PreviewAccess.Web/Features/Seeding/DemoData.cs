using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Audit;

namespace PreviewAccess.Web.Features.Seeding;

/// <summary>
/// A living portal for a newcomer: a staff user of each role, a partner, and a dozen organizations
/// spread over every lifecycle state. Everything is made through the domain's own methods, so the
/// demo never shows a state the rules could not produce.
/// </summary>
public sealed class DemoData(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    UserManager<PortalUser> users,
    AuditTrail audit,
    TimeProvider clock)
{
    /// <summary>The password of every demo account. Demo data is for a local portal only.</summary>
    public const string Password = "preview-demo-password";

    public const string AdminEmail = "admin@previewaccess.example";
    public const string RepEmail = "rep@previewaccess.example";
    public const string SecondRepEmail = "rep2@previewaccess.example";
    public const string SupportEmail = "support@previewaccess.example";
    public const string PartnerEmail = "partner@litware.example";

    private static readonly string[] AllModels = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];
    private static readonly HashSet<string> CatalogIds = [.. AllModels];
    private const string ApprovalJustification = "Strategic partner; usage reviewed with the account team.";

    private readonly List<ScopeGrant> _grants = [];

    /// <summary>The demo's history, written to the audit log in the order it happened once everything is made.</summary>
    private readonly List<DemoEvent> _history = [];

    /// <summary>Staff emails by user id: each event names the person who acted.</summary>
    private readonly Dictionary<Guid, string> _staffEmails = [];

    /// <returns>False when the database already has organizations: demo data is only ever added to an empty portal.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Organizations.AnyAsync(cancellationToken)) return false;

        var admin = await CreateUserAsync(AdminEmail, "Ada Admin", Roles.Admin, null);
        var rep = await CreateUserAsync(RepEmail, "Rosa Rep", Roles.AccountRep, null);
        var secondRep = await CreateUserAsync(SecondRepEmail, "Ravi Rep", Roles.AccountRep, null);
        (_staffEmails[admin.Id], _staffEmails[rep.Id], _staffEmails[secondRep.Id]) = (AdminEmail, RepEmail, SecondRepEmail);
        await CreateUserAsync(SupportEmail, "Sam Support", Roles.Support, null);

        var now = clock.GetUtcNow();
        Organization? litware = null;
        await unitOfWork.RunAsync(async ct =>
        {
            _grants.Clear();
            _history.Clear();
            var unsupported = (await db.UnsupportedCountries.Select(c => c.Code).ToListAsync(ct)).ToHashSet();
            var waveOne = Wave.Plan("Wave 1", now.AddDays(-3), capacity: 50, now.AddDays(-10));
            waveOne.Open(now.AddDays(-3));
            var waveTwo = Wave.Plan("Wave 2", NextThirdOfDecember(now), capacity: 100, now.AddDays(-2));
            db.Waves.AddRange(waveOne, waveTwo);

            Nominated("Northwind Robotics", "US", rep.Id, now, trustedAccessForCyber: true);
            Nominated("Fabrikam Research", "GB", secondRep.Id, now);
            Invited("Contoso Health", "US", rep.Id, "cto@contoso-health.example", now, now.AddDays(-2));
            Invited("Tailspin Analytics", "DE", secondRep.Id, "lead@tailspin.example", now, now.AddDays(-20)); // its invitation has expired
            Enrolling("Adventure Works Labs", "FR", rep.Id, "ai@adventure-works.example", now, previousAlpha: true);

            var woodgrove = Enrolled("Woodgrove Security", "US", rep.Id, "secops@woodgrove.example", now, [Surface.Api, Surface.Codex], trustedAccessForCyber: true);
            _ = woodgrove;

            // The demo partner's organization: API approved and waiting for Wave 2, Codex still under review.
            litware = Enrolled("Litware Systems", "CA", rep.Id, PartnerEmail, now, [Surface.Api, Surface.Codex]);
            litware.RecordGovernmentCoordination(new GovernmentCoordination(DateOnly.FromDateTime(now.AddDays(-5).UtcDateTime), "USG-PREVIEW-0117", admin.Id, now.AddDays(-5)));
            foreach (var grant in Approve(litware, Surface.Api, rep.Id, unsupported, now)) grant.ScheduleIn(waveTwo.Id);

            var proseware = Enrolled("Proseware Cloud", "US", rep.Id, "platform@proseware.example", now, [Surface.Api, Surface.Codex]);
            Coordinate(proseware, admin.Id, now);
            foreach (var grant in Approve(proseware, Surface.Api, rep.Id, unsupported, now)) Enable(grant, proseware, waveOne, now);
            proseware.Decline(Surface.Codex, "Codex use is not part of their agreement yet.",
                "Codex is not part of your organization's agreement for this preview. I can talk you through what adding it would take.", rep.Id, now.AddDays(-4));

            var margie = Enrolled("Margie's Travel AI", "AU", secondRep.Id, "eng@margies-travel.example", now, [Surface.Api, Surface.Codex], previousAlpha: true);
            Coordinate(margie, admin.Id, now);
            foreach (var surface in Surfaces.InPreview)
            {
                foreach (var grant in Approve(margie, surface, secondRep.Id, unsupported, now)) Enable(grant, margie, waveOne, now);
            }

            // Approved and scheduled in an open wave, but held back by the government gate.
            var lucerne = Enrolled("Lucerne Publishing", "NL", secondRep.Id, "data@lucerne.example", now, [Surface.Api]);
            foreach (var grant in Approve(lucerne, Surface.Api, secondRep.Id, unsupported, now)) grant.ScheduleIn(waveOne.Id);

            var trey = Enrolled("Trey Research", "US", rep.Id, "research@trey.example", now, [Surface.Api]);
            Coordinate(trey, admin.Id, now);
            foreach (var grant in Approve(trey, Surface.Api, rep.Id, unsupported, now)) Enable(grant, trey, waveOne, now);
            trey.Suspend("Usage outside the agreed scope is being reviewed.");
            Happened(now.AddDays(-1), RepEmail, AuditAction.OrganizationSuspended, "Organization", trey.Id, new { Status = "Reviewed" }, new { trey.Status, trey.SuspensionReason }, trey.Id);

            var wideWorld = Enrolled("Wide World Importers", "JP", secondRep.Id, "ml@wideworld.example", now, [Surface.Codex]);
            wideWorld.RequestMoreInformation(Surface.Codex, "Please list the Codex workspace your engineering team will use; the one given is a sandbox.", secondRep.Id, now.AddDays(-1));
            Happened(now.AddDays(-1), SecondRepEmail, AuditAction.EnrollmentNeedsInfo, "Organization", wideWorld.Id, null, new { Surface = Surface.Codex }, wideWorld.Id);

            var coho = Enrolled("Coho Winery Data", "NZ", rep.Id, "it@coho.example", now, [Surface.Api]);
            Coordinate(coho, admin.Id, now);
            foreach (var grant in Approve(coho, Surface.Api, rep.Id, unsupported, now))
            {
                grant.Revoke("The organization withdrew from the preview.");
                Happened(now.AddDays(-3), RepEmail, AuditAction.GrantRevoked, "Grant", grant.Id, new { Status = "Approved" }, new { grant.Status }, coho.Id);
            }

            // Approved and waiting to be placed in a wave: what the waves page offers to assign (one would wait for its government coordination).
            var alpine = Enrolled("Alpine Ski House", "CH", rep.Id, "it@alpineskihouse.example", now, [Surface.Api, Surface.Codex]);
            Coordinate(alpine, admin.Id, now);
            foreach (var surface in Surfaces.InPreview) Approve(alpine, surface, rep.Id, unsupported, now);
            var relecloud = Enrolled("Relecloud", "DE", secondRep.Id, "ml@relecloud.example", now, [Surface.Api]);
            Coordinate(relecloud, admin.Id, now);
            Approve(relecloud, Surface.Api, secondRep.Id, unsupported, now);
            var bellows = Enrolled("Bellows College", "GB", rep.Id, "research@bellows.example", now, [Surface.Api]);
            Approve(bellows, Surface.Api, rep.Id, unsupported, now);

            db.Grants.AddRange(_grants);

            // Oldest first, so the log's order and its dates agree (the sort is stable: same-day events keep their order).
            foreach (var e in _history.OrderBy(e => e.At))
            {
                audit.RecordAt(e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Before, e.After, e.OrganizationId);
            }
        }, cancellationToken);

        await CreateUserAsync(PartnerEmail, "Pat Partner", Roles.Partner, litware!.Id, organizationOwner: true);
        return true;
    }

    private Organization Nominated(string name, string country, Guid repId, DateTimeOffset now, bool trustedAccessForCyber = false, bool previousAlpha = false)
    {
        var organization = Organization.Nominate(name, country, repId, now.AddDays(-30), trustedAccessForCyber, previousAlpha);
        db.Organizations.Add(organization);
        Happened(organization.CreatedAt, _staffEmails[repId], AuditAction.OrganizationNominated, "Organization", organization.Id, null, new { organization.Name, organization.Status }, organization.Id);
        return organization;
    }

    private Organization Invited(string name, string country, Guid repId, string contact, DateTimeOffset now, DateTimeOffset invitedAt, bool previousAlpha = false)
    {
        var organization = Nominated(name, country, repId, now, previousAlpha: previousAlpha);
        var invitation = organization.Invite(contact, SecretToken.Issue().Hash, repId, invitedAt);
        Happened(invitedAt, _staffEmails[repId], AuditAction.InvitationSent, "Invitation", invitation.Id, null, new { invitation.Email }, organization.Id);
        return organization;
    }

    private Organization Enrolling(string name, string country, Guid repId, string contact, DateTimeOffset now, bool previousAlpha = false)
    {
        var organization = Invited(name, country, repId, contact, now, now.AddDays(-12), previousAlpha);
        organization.AcceptInvitation(organization.Invitations[^1].Id, now.AddDays(-10));
        Happened(now.AddDays(-10), contact, AuditAction.InvitationAccepted, "Organization", organization.Id, new { Status = "Invited" }, new { organization.Status }, organization.Id);
        return organization;
    }

    private Organization Enrolled(string name, string country, Guid repId, string contact, DateTimeOffset now, Surface[] surfaces,
        bool trustedAccessForCyber = false, bool previousAlpha = false)
    {
        var organization = Enrolling(name, country, repId, contact, now, previousAlpha);
        organization.SetInformationalFlags(trustedAccessForCyber, previousAlpha);
        var slug = new string(name.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        var request = new EnrollmentRequest(
            LegalName: name + (name.EndsWith("Ltd", StringComparison.Ordinal) ? string.Empty : " Inc."),
            Country: country,
            Surfaces: surfaces,
            ApiOrganizationIds: surfaces.Contains(Surface.Api) ? [ApiOrganizationId(slug)] : [],
            CodexWorkspaceIds: surfaces.Contains(Surface.Codex) ? [slug + "-engineering"] : [],
            AccountEmails: [contact, $"dev@{contact.Split('@')[1]}"],
            IntendedUse: "Evaluate GPT-5.6 for internal software engineering and research workflows.",
            CustomerFacing: false,
            TermsAccepted: true);
        organization.SubmitEnrollment(EnrollmentSubmission.Create(request, Guid.Empty, submittedByStaff: false, now.AddDays(-8)));
        Happened(now.AddDays(-8), contact, AuditAction.EnrollmentSubmitted, "Organization", organization.Id, new { Status = "Enrolling" }, new { organization.Status }, organization.Id);
        return organization;
    }

    private IReadOnlyList<ScopeGrant> Approve(Organization organization, Surface surface, Guid repId, IReadOnlySet<string> unsupported, DateTimeOffset now)
    {
        var enrollment = organization.Enrollment!;
        var grants = organization.Approve(
            new ApprovalRequest(surface, [.. enrollment.IdentifiersFor(surface)], AllModels, enrollment.AccountEmails, ApprovalJustification, null, false),
            _grants, unsupported, CatalogIds, repId, now.AddDays(-6));
        _grants.AddRange(grants);
        foreach (var grant in grants)
        {
            Happened(now.AddDays(-6), _staffEmails[repId], AuditAction.GrantApproved, "Grant", grant.Id, null,
                new { grant.Surface, grant.Identifier, grant.Models, grant.AccountEmails, grant.Status, grant.ExpiresOn, Justification = ApprovalJustification }, organization.Id);
        }

        return grants;
    }

    private void Coordinate(Organization organization, Guid adminId, DateTimeOffset now)
    {
        organization.RecordGovernmentCoordination(new GovernmentCoordination(DateOnly.FromDateTime(now.AddDays(-7).UtcDateTime), $"USG-PREVIEW-{organization.Name.Length:0000}", adminId, now.AddDays(-7)));
        Happened(now.AddDays(-7), AdminEmail, AuditAction.GovernmentCoordinationRecorded, "Organization", organization.Id, null, new { organization.GovernmentCoordination!.Reference }, organization.Id);
    }

    private void Enable(ScopeGrant grant, Organization organization, Wave wave, DateTimeOffset now)
    {
        grant.ScheduleIn(wave.Id);
        grant.StartProvisioning(organization);
        grant.Enable(organization, now.AddDays(-2));
        Happened(now.AddDays(-2), HttpCurrentActor.System, AuditAction.GrantEnabled, "Grant", grant.Id, new { Status = "Provisioning" }, new { grant.Status }, organization.Id);
    }

    private void Happened(DateTimeOffset at, string actor, AuditAction action, string subjectType, Guid subjectId, object? before, object? after, Guid organizationId) =>
        _history.Add(new DemoEvent(at, actor, action, subjectType, subjectId, before, after, organizationId));

    private sealed record DemoEvent(DateTimeOffset At, string Actor, AuditAction Action, string SubjectType, Guid SubjectId, object? Before, object? After, Guid OrganizationId);

    private async Task<PortalUser> CreateUserAsync(string email, string displayName, string role, Guid? organizationId, bool organizationOwner = false)
    {
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            OrganizationId = organizationId,
            IsOrganizationOwner = organizationOwner,
            CreatedAt = clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A well-formed API organization ID derived from a name: <c>org-</c> + 24 letters or digits.</summary>
    private static string ApiOrganizationId(string slug) => "org-" + (slug + "000000000000000000000000")[..24];

    private static DateTimeOffset NextThirdOfDecember(DateTimeOffset now)
    {
        var candidate = new DateTimeOffset(now.Year, 12, 3, 9, 0, 0, TimeSpan.Zero);
        return candidate > now ? candidate : candidate.AddYears(1);
    }
}
