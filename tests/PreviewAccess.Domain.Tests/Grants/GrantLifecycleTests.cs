using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Grants;

public enum GrantAction
{
    ConfirmSecondApproval,
    ScheduleIn,
    StartProvisioning,
    Enable,
    Suspend,
    Reinstate,
    Revoke,
    Expire,
}

/// <summary>
/// The scope grant's state machine as a table: all 8 statuses × all 8 actions. Every pair is either a
/// legal transition listed below or refused with a <see cref="DomainException"/> that leaves the grant as it was.
/// The organization is enrolled, coordinated and in good standing, and Expire is attempted after the expiry
/// date, so that the grant's status is the only thing that can refuse an action.
/// </summary>
public sealed class GrantLifecycleTests
{
    private static readonly Dictionary<(GrantStatus, GrantAction), GrantStatus> LegalTransitions = new()
    {
        [(GrantStatus.PendingSecondApproval, GrantAction.ConfirmSecondApproval)] = GrantStatus.Approved,
        [(GrantStatus.PendingSecondApproval, GrantAction.Suspend)] = GrantStatus.Suspended,
        [(GrantStatus.PendingSecondApproval, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.PendingSecondApproval, GrantAction.Expire)] = GrantStatus.Expired,
        [(GrantStatus.Approved, GrantAction.ScheduleIn)] = GrantStatus.Scheduled,
        [(GrantStatus.Approved, GrantAction.Suspend)] = GrantStatus.Suspended,
        [(GrantStatus.Approved, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.Approved, GrantAction.Expire)] = GrantStatus.Expired,
        [(GrantStatus.Scheduled, GrantAction.StartProvisioning)] = GrantStatus.Provisioning,
        [(GrantStatus.Scheduled, GrantAction.Suspend)] = GrantStatus.Suspended,
        [(GrantStatus.Scheduled, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.Scheduled, GrantAction.Expire)] = GrantStatus.Expired,
        [(GrantStatus.Provisioning, GrantAction.Enable)] = GrantStatus.Enabled,
        [(GrantStatus.Provisioning, GrantAction.Suspend)] = GrantStatus.Suspended,
        [(GrantStatus.Provisioning, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.Provisioning, GrantAction.Expire)] = GrantStatus.Expired,
        [(GrantStatus.Enabled, GrantAction.Suspend)] = GrantStatus.Suspended,
        [(GrantStatus.Enabled, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.Enabled, GrantAction.Expire)] = GrantStatus.Expired,
        [(GrantStatus.Suspended, GrantAction.Reinstate)] = GrantStatus.Enabled, // it was suspended while enabled
        [(GrantStatus.Suspended, GrantAction.Revoke)] = GrantStatus.Revoked,
        [(GrantStatus.Suspended, GrantAction.Expire)] = GrantStatus.Expired,
    };

    public static TheoryData<GrantStatus, GrantAction, GrantStatus> Legal
    {
        get
        {
            var data = new TheoryData<GrantStatus, GrantAction, GrantStatus>();
            foreach (var ((status, action), next) in LegalTransitions) data.Add(status, action, next);
            return data;
        }
    }

    public static TheoryData<GrantStatus, GrantAction> Illegal
    {
        get
        {
            var data = new TheoryData<GrantStatus, GrantAction>();
            foreach (var status in Enum.GetValues<GrantStatus>())
            {
                foreach (var action in Enum.GetValues<GrantAction>())
                {
                    if (!LegalTransitions.ContainsKey((status, action))) data.Add(status, action);
                }
            }

            return data;
        }
    }

    public static TheoryData<GrantStatus> SuspendableStatuses => new(
        GrantStatus.PendingSecondApproval, GrantStatus.Approved, GrantStatus.Scheduled, GrantStatus.Provisioning, GrantStatus.Enabled);

    /// <summary>An API grant that needed two approvers and expires a month after the start, driven to <paramref name="status"/>.</summary>
    private static Scenario GrantIn(GrantStatus status)
    {
        var expiresOn = DateOnly.FromDateTime(Defaults.Start.UtcDateTime).AddMonths(1);
        return AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.RequiringSecondApproval().ExpiringOn(expiresOn))
            .GrantsIn(status);
    }

    private static void Perform(Scenario scenario, GrantAction action)
    {
        var grant = scenario.Grant;
        switch (action)
        {
            case GrantAction.ConfirmSecondApproval: grant.ConfirmSecondApproval(Defaults.SecondApprover); break;
            case GrantAction.ScheduleIn: grant.ScheduleIn(scenario.Wave.Id); break;
            case GrantAction.StartProvisioning: grant.StartProvisioning(scenario.Organization); break;
            case GrantAction.Enable: grant.Enable(scenario.Organization, scenario.Tick()); break;
            case GrantAction.Suspend: grant.Suspend("Unusual traffic."); break;
            case GrantAction.Reinstate: grant.Reinstate("Traffic explained."); break;
            case GrantAction.Revoke: grant.Revoke("Agreement ended."); break;
            case GrantAction.Expire: grant.Expire(Scenario.DayAfterExpiry(grant)); break;
            default: throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    [Fact]
    public void The_table_covers_every_status_and_action()
    {
        Assert.Equal(Enum.GetValues<GrantStatus>().Length * Enum.GetValues<GrantAction>().Length, Legal.Count + Illegal.Count);
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void A_legal_transition_reaches_the_next_status(GrantStatus status, GrantAction action, GrantStatus expected)
    {
        var scenario = GrantIn(status);
        Assert.Equal(status, scenario.Grant.Status);

        Perform(scenario, action);

        Assert.Equal(expected, scenario.Grant.Status);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void An_illegal_transition_is_refused_and_changes_nothing(GrantStatus status, GrantAction action)
    {
        var scenario = GrantIn(status);
        var grant = scenario.Grant;
        var before = (grant.Status, grant.StatusBeforeSuspension, grant.StatusReason, grant.WaveId, grant.SecondApprovedBy, grant.EnabledAt);

        var refusal = Assert.Throws<DomainException>(() => Perform(scenario, action));

        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Equal(before, (grant.Status, grant.StatusBeforeSuspension, grant.StatusReason, grant.WaveId, grant.SecondApprovedBy, grant.EnabledAt));
    }

    [Theory]
    [MemberData(nameof(SuspendableStatuses))]
    public void Reinstating_a_grant_returns_it_to_the_status_it_was_suspended_in(GrantStatus status)
    {
        var grant = GrantIn(status).Grant;

        grant.Suspend("Investigating.");
        Assert.Equal(status, grant.StatusBeforeSuspension);
        Assert.Equal("Investigating.", grant.StatusReason);

        grant.Reinstate("Cleared.");

        Assert.Equal(status, grant.Status);
        Assert.Null(grant.StatusBeforeSuspension);
    }

    [Fact]
    public void The_grant_moves_through_approval_wave_provisioning_and_enabling_in_order()
    {
        var scenario = GrantIn(GrantStatus.PendingSecondApproval);
        var grant = scenario.Grant;

        grant.ConfirmSecondApproval(Defaults.SecondApprover);
        Assert.Equal(GrantStatus.Approved, grant.Status);
        grant.ScheduleIn(scenario.Wave.Id);
        Assert.Equal((GrantStatus.Scheduled, scenario.Wave.Id), (grant.Status, grant.WaveId));
        grant.StartProvisioning(scenario.Organization);
        Assert.Equal(GrantStatus.Provisioning, grant.Status);
        var at = scenario.Tick();
        grant.Enable(scenario.Organization, at);
        Assert.Equal((GrantStatus.Enabled, at), (grant.Status, grant.EnabledAt));
    }

    [Fact]
    public void A_grant_is_enabled_exactly_once()
    {
        var scenario = GrantIn(GrantStatus.Enabled);
        var enabledAt = scenario.Grant.EnabledAt;

        Assert.Throws<DomainException>(() => scenario.Grant.Enable(scenario.Organization, scenario.Tick()));

        Assert.Equal(enabledAt, scenario.Grant.EnabledAt);
    }

    [Fact]
    public void Scheduling_needs_a_wave()
    {
        var grant = GrantIn(GrantStatus.Approved).Grant;

        Assert.Throws<DomainException>(() => grant.ScheduleIn(Guid.Empty));
        Assert.Equal(GrantStatus.Approved, grant.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Suspending_reinstating_and_revoking_need_a_reason(string reason)
    {
        var grant = GrantIn(GrantStatus.Enabled).Grant;

        Assert.Throws<DomainException>(() => grant.Suspend(reason));
        Assert.Throws<DomainException>(() => grant.Revoke(reason));
        grant.Suspend("Investigating.");
        Assert.Throws<DomainException>(() => grant.Reinstate(reason));
        Assert.Equal(GrantStatus.Suspended, grant.Status);
    }

    [Fact]
    public void A_grant_is_valid_through_its_expiry_date_and_expires_the_day_after()
    {
        var grant = GrantIn(GrantStatus.Enabled).Grant;
        var lastDay = new DateTimeOffset(grant.ExpiresOn!.Value.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);

        Assert.False(grant.IsPastExpiry(lastDay));
        Assert.Throws<DomainException>(() => grant.Expire(lastDay));
        Assert.Equal(GrantStatus.Enabled, grant.Status);

        Assert.True(grant.IsPastExpiry(lastDay.AddSeconds(1)));
        grant.Expire(lastDay.AddSeconds(1));
        Assert.Equal(GrantStatus.Expired, grant.Status);
    }

    [Fact]
    public void A_grant_without_an_expiry_date_never_expires()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.ExpiringOn(null)).GrantsIn(GrantStatus.Enabled);

        Assert.False(scenario.Grant.IsPastExpiry(Defaults.Start.AddYears(50)));
        Assert.Throws<DomainException>(() => scenario.Grant.Expire(Defaults.Start.AddYears(50)));
    }

    [Fact]
    public void A_live_grant_can_be_extended_into_the_future()
    {
        var scenario = GrantIn(GrantStatus.Enabled);
        var grant = scenario.Grant;
        var later = grant.ExpiresOn!.Value.AddMonths(6);

        grant.ExtendUntil(later, scenario.Now);

        Assert.Equal(later, grant.ExpiresOn);
        Assert.Throws<DomainException>(() => grant.ExtendUntil(DateOnly.FromDateTime(scenario.Now.UtcDateTime), scenario.Now));
    }

    [Theory]
    [InlineData(GrantStatus.Revoked)]
    [InlineData(GrantStatus.Expired)]
    public void A_revoked_or_expired_grant_cannot_be_extended(GrantStatus status)
    {
        var grant = GrantIn(status).Grant;

        Assert.Throws<DomainException>(() => grant.ExtendUntil(new DateOnly(2030, 1, 1), Defaults.Start));
    }

    [Theory]
    [InlineData(GrantStatus.Revoked, false)]
    [InlineData(GrantStatus.Expired, false)]
    [InlineData(GrantStatus.Suspended, true)]
    [InlineData(GrantStatus.Enabled, true)]
    [InlineData(GrantStatus.PendingSecondApproval, true)]
    public void Only_revoked_and_expired_grants_stop_being_live(GrantStatus status, bool live)
    {
        Assert.Equal(live, GrantIn(status).Grant.IsLive);
    }

    [Fact]
    public void The_status_spellings_are_the_contract()
    {
        Assert.Equal(
            ["PendingSecondApproval", "Approved", "Scheduled", "Provisioning", "Enabled", "Suspended", "Revoked", "Expired"],
            Enum.GetNames<GrantStatus>());
    }
}
