using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>
/// What a reviewer approves for one surface. Defaults: the surface's first identifier, every model,
/// only <see cref="Defaults.Email"/> (so <see cref="Defaults.OtherEmail"/> stays enrolled but unapproved),
/// an expiry a year out, one approver.
/// </summary>
public sealed class ApprovalBuilder
{
    private readonly Surface _surface;
    private IReadOnlyCollection<string> _identifiers;
    private IReadOnlyCollection<string> _models = Defaults.AllModels;
    private IReadOnlyCollection<string> _emails = [Defaults.Email];
    private string _justification = "Long-standing partner; use case reviewed with the account representative.";
    private DateOnly? _expiresOn = DateOnly.FromDateTime(Defaults.Start.UtcDateTime).AddYears(1);
    private bool _requireSecondApproval;

    public ApprovalBuilder(Surface surface)
    {
        _surface = surface;
        _identifiers = [Defaults.IdentifierFor(surface)];
    }

    public ApprovalBuilder For(params string[] identifiers)
    {
        _identifiers = identifiers;
        return this;
    }

    public ApprovalBuilder Models(params string[] models)
    {
        _models = models;
        return this;
    }

    public ApprovalBuilder Emails(params string[] emails)
    {
        _emails = emails;
        return this;
    }

    public ApprovalBuilder Justified(string justification)
    {
        _justification = justification;
        return this;
    }

    public ApprovalBuilder ExpiringOn(DateOnly? expiresOn)
    {
        _expiresOn = expiresOn;
        return this;
    }

    public ApprovalBuilder RequiringSecondApproval()
    {
        _requireSecondApproval = true;
        return this;
    }

    public ApprovalRequest ToRequest() =>
        new(_surface, _identifiers, _models, _emails, _justification, _expiresOn, _requireSecondApproval);
}
