using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Grants;

/// <summary>Gates that can close between steps, and expiry that comes with the calendar.</summary>
public sealed class GatesAndExpiryTests
{
    [Fact]
    public void A_grant_is_not_enabled_when_its_organization_was_suspended_during_provisioning()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Provisioning);
        scenario.Suspend();

        Assert.Throws<DomainException>(() => scenario.Grant.Enable(scenario.Organization, scenario.Tick()));
        Assert.Equal(GrantStatus.Provisioning, scenario.Grant.Status);
    }

    [Fact]
    public void A_grant_past_its_expiry_date_is_denied_even_before_it_is_marked_expired()
    {
        var expiresOn = DateOnly.FromDateTime(Defaults.Start.AddDays(30).UtcDateTime);
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(expiresOn)).GrantsIn(GrantStatus.Enabled);
        var facts = new InMemoryAccessDirectory([scenario.Facts()]);

        var onTheLastDay = AccessPolicy.Decide(Ask.Api(), facts, Defaults.UnsupportedCountries, new DateTimeOffset(expiresOn.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero));
        var theDayAfter = AccessPolicy.Decide(Ask.Api(), facts, Defaults.UnsupportedCountries, Scenario.DayAfterExpiry(scenario.Grant));

        Assert.Equal(GrantStatus.Enabled, scenario.Grant.Status);
        Assert.Equal(AccessReason.Allowed, onTheLastDay.Reason);
        Assert.Equal(AccessReason.Suspended, theDayAfter.Reason);
    }
}
