using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Grants;

/// <summary>The 14-day expiry notice (once per expiry date) and re-certification (extends, restarts the 90-day clock).</summary>
public sealed class ExpiryNoticeAndRecertificationTests
{
    private static readonly DateOnly ExpiresOn = new(2026, 9, 30);

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static ScopeGrant EnabledGrant(DateOnly? expiresOn = null) =>
        AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(expiresOn ?? ExpiresOn)).GrantsIn(GrantStatus.Enabled).Grant;

    [Fact]
    public void The_notice_is_due_14_days_before_the_expiry_date_and_not_15()
    {
        var grant = EnabledGrant();

        Assert.False(grant.IsExpiryNoticeDue(Noon(ExpiresOn.AddDays(-15))));
        Assert.False(grant.IsExpiryNoticeDue(new DateTimeOffset(ExpiresOn.AddDays(-15).ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero)));
        Assert.True(grant.IsExpiryNoticeDue(new DateTimeOffset(ExpiresOn.AddDays(-14).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        Assert.True(grant.IsExpiryNoticeDue(Noon(ExpiresOn)));
        Assert.False(grant.IsExpiryNoticeDue(Noon(ExpiresOn.AddDays(1))));
    }

    [Fact]
    public void The_notice_goes_once_per_expiry_date_and_again_after_an_extension()
    {
        var grant = EnabledGrant();
        var now = Noon(ExpiresOn.AddDays(-14));

        grant.RecordExpiryNotice(now);

        Assert.Equal(ExpiresOn, grant.ExpiryNoticeSentFor);
        Assert.False(grant.IsExpiryNoticeDue(now.AddDays(3)));
        Assert.Throws<DomainException>(() => grant.RecordExpiryNotice(now.AddDays(3)));

        var later = ExpiresOn.AddDays(60);
        grant.Recertify(later, now.AddDays(3));
        Assert.False(grant.IsExpiryNoticeDue(now.AddDays(3)));
        Assert.True(grant.IsExpiryNoticeDue(Noon(later.AddDays(-14))));
    }

    [Theory]
    [InlineData(GrantStatus.Revoked)]
    [InlineData(GrantStatus.Expired)]
    public void An_ended_grant_gets_no_notice(GrantStatus status)
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(ExpiresOn)).GrantsIn(status);

        Assert.False(scenario.Grant.IsExpiryNoticeDue(Noon(ExpiresOn.AddDays(-1))));
    }

    [Fact]
    public void A_grant_without_an_expiry_date_gets_no_notice()
    {
        var grant = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(null)).GrantsIn(GrantStatus.Enabled).Grant;

        Assert.False(grant.IsExpiryNoticeDue(Defaults.Start.AddYears(3)));
        Assert.Throws<DomainException>(() => grant.RecordExpiryNotice(Defaults.Start.AddYears(3)));
    }

    [Fact]
    public void An_enabled_grant_is_due_for_recertification_after_90_days_and_recertifying_restarts_the_clock()
    {
        var grant = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(null)).GrantsIn(GrantStatus.Enabled).Grant;
        var enabledAt = grant.EnabledAt!.Value;

        Assert.False(grant.IsDueForRecertification(enabledAt.AddDays(90)));
        Assert.True(grant.IsDueForRecertification(enabledAt.AddDays(90).AddMinutes(1)));

        var at = enabledAt.AddDays(100);
        var until = DateOnly.FromDateTime(at.UtcDateTime).AddDays(180);
        grant.Recertify(until, at);

        Assert.Equal(until, grant.ExpiresOn);
        Assert.Equal(at, grant.RecertifiedAt);
        Assert.Equal(at, grant.CertifiedSince);
        Assert.False(grant.IsDueForRecertification(at.AddDays(90)));
        Assert.True(grant.IsDueForRecertification(at.AddDays(91)));
    }

    [Fact]
    public void A_grant_never_enabled_is_not_due_for_recertification()
    {
        var grant = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(null)).GrantsIn(GrantStatus.Scheduled).Grant;

        Assert.Null(grant.CertifiedSince);
        Assert.False(grant.IsDueForRecertification(Defaults.Start.AddYears(1)));
    }

    [Fact]
    public void Recertifying_needs_a_future_date_and_never_shortens_access()
    {
        var grant = EnabledGrant();
        var now = Noon(ExpiresOn.AddDays(-10));

        Assert.Throws<DomainException>(() => grant.Recertify(DateOnly.FromDateTime(now.UtcDateTime), now));
        var shorter = Assert.Throws<DomainException>(() => grant.Recertify(ExpiresOn.AddDays(-1), now));
        Assert.Contains("cannot shorten", shorter.Message, StringComparison.Ordinal);
        Assert.Equal(ExpiresOn, grant.ExpiresOn);
        Assert.Null(grant.RecertifiedAt);

        grant.Recertify(ExpiresOn, now);
        Assert.Equal(ExpiresOn, grant.ExpiresOn);
        Assert.Equal(now, grant.RecertifiedAt);
    }

    [Fact]
    public void A_grant_past_its_expiry_date_cannot_be_recertified_even_before_it_is_marked_expired()
    {
        var grant = EnabledGrant();

        Assert.Throws<DomainException>(() => grant.Recertify(ExpiresOn.AddDays(90), Noon(ExpiresOn.AddDays(1))));
        Assert.Equal(GrantStatus.Enabled, grant.Status);
    }

    [Theory]
    [InlineData(GrantStatus.Revoked)]
    [InlineData(GrantStatus.Expired)]
    public void An_ended_grant_cannot_be_recertified(GrantStatus status)
    {
        var grant = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(ExpiresOn)).GrantsIn(status).Grant;

        Assert.Throws<DomainException>(() => grant.Recertify(new DateOnly(2030, 1, 1), Defaults.Start));
    }
}
