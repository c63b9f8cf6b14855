using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>
/// Starts an organization and drives it through its real lifecycle methods up to the requested status.
/// Defaults: nominated in the US with government coordination recorded; the enrollment requests the API
/// (<see cref="Defaults.ApiOrg"/>, <see cref="Defaults.OtherApiOrg"/>) and Codex (<see cref="Defaults.Workspace"/>,
/// <see cref="Defaults.OtherWorkspace"/>) for <see cref="Defaults.Email"/> and <see cref="Defaults.OtherEmail"/>.
/// </summary>
public sealed class OrganizationBuilder
{
    private string _name = "Acme Research Ltd";
    private string _country = "US";
    private string? _enrollmentCountry;
    private bool _trustedAccessForCyber;
    private bool _previousAlphaParticipant;
    private bool _governmentCoordination = true;
    private IReadOnlyCollection<Surface> _surfaces = [Surface.Api, Surface.Codex];
    private IReadOnlyCollection<string>? _apiOrgs;
    private IReadOnlyCollection<string>? _workspaces;
    private IReadOnlyCollection<string> _emails = [Defaults.Email, Defaults.OtherEmail];
    private bool _termsAccepted = true;

    public OrganizationBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    /// <summary>The organization's country, and its enrollment's unless <see cref="EnrollingFrom"/> says otherwise.</summary>
    public OrganizationBuilder In(string country)
    {
        _country = country;
        return this;
    }

    public OrganizationBuilder EnrollingFrom(string country)
    {
        _enrollmentCountry = country;
        return this;
    }

    public OrganizationBuilder WithFlags(bool trustedAccessForCyber, bool previousAlphaParticipant)
    {
        _trustedAccessForCyber = trustedAccessForCyber;
        _previousAlphaParticipant = previousAlphaParticipant;
        return this;
    }

    public OrganizationBuilder WithoutGovernmentCoordination()
    {
        _governmentCoordination = false;
        return this;
    }

    /// <summary>The surfaces the enrollment requests; identifiers of surfaces not requested are left out.</summary>
    public OrganizationBuilder Requesting(params Surface[] surfaces)
    {
        _surfaces = surfaces;
        return this;
    }

    public OrganizationBuilder WithApiOrgs(params string[] apiOrgs)
    {
        _apiOrgs = apiOrgs;
        return this;
    }

    public OrganizationBuilder WithWorkspaces(params string[] workspaces)
    {
        _workspaces = workspaces;
        return this;
    }

    public OrganizationBuilder WithAccountEmails(params string[] emails)
    {
        _emails = emails;
        return this;
    }

    public OrganizationBuilder WithoutAcceptingTerms()
    {
        _termsAccepted = false;
        return this;
    }

    public EnrollmentRequest EnrollmentRequest() => new(
        LegalName: _name + " (legal)",
        Country: _enrollmentCountry ?? _country,
        Surfaces: _surfaces,
        ApiOrganizationIds: _apiOrgs ?? (_surfaces.Contains(Surface.Api) ? [Defaults.ApiOrg, Defaults.OtherApiOrg] : []),
        CodexWorkspaceIds: _workspaces ?? (_surfaces.Contains(Surface.Codex) ? [Defaults.Workspace, Defaults.OtherWorkspace] : []),
        AccountEmails: _emails,
        IntendedUse: "Internal code review assistant; not customer-facing.",
        CustomerFacing: false,
        TermsAccepted: _termsAccepted);

    public Scenario Nominated()
    {
        var organization = Organization.Nominate(_name, _country, Defaults.AccountRep, Defaults.Start,
            _trustedAccessForCyber, _previousAlphaParticipant);
        var scenario = new Scenario(organization, EnrollmentRequest());
        if (_governmentCoordination) scenario.RecordGovernmentCoordination();
        return scenario;
    }

    public Scenario Invited() => Nominated().Invite();

    public Scenario Enrolling() => Invited().AcceptInvitation();

    public Scenario UnderReview() => Enrolling().SubmitEnrollment();
}

public static class Builders
{
    public static OrganizationBuilder AnOrganization() => new();
}
