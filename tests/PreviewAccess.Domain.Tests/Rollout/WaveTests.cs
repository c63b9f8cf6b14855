using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Domain.Tests.TestData;

namespace PreviewAccess.Domain.Tests.Rollout;

public enum WaveAction
{
    Open,
    Pause,
    Resume,
    Complete,
}

/// <summary>Rollout waves: a name, an opening time, a capacity; planned → open ⇄ paused → completed.</summary>
public sealed class WaveTests
{
    private static readonly DateTimeOffset OpensAt = Defaults.Start.AddDays(7);

    private static readonly Dictionary<(WaveState, WaveAction), WaveState> LegalTransitions = new()
    {
        [(WaveState.Planned, WaveAction.Open)] = WaveState.Open,
        [(WaveState.Open, WaveAction.Pause)] = WaveState.Paused,
        [(WaveState.Open, WaveAction.Complete)] = WaveState.Completed,
        [(WaveState.Paused, WaveAction.Resume)] = WaveState.Open,
        [(WaveState.Paused, WaveAction.Complete)] = WaveState.Completed,
    };

    public static TheoryData<WaveState, WaveAction, WaveState> Legal
    {
        get
        {
            var data = new TheoryData<WaveState, WaveAction, WaveState>();
            foreach (var ((state, action), next) in LegalTransitions) data.Add(state, action, next);
            return data;
        }
    }

    public static TheoryData<WaveState, WaveAction> Illegal
    {
        get
        {
            var data = new TheoryData<WaveState, WaveAction>();
            foreach (var state in Enum.GetValues<WaveState>())
            {
                foreach (var action in Enum.GetValues<WaveAction>())
                {
                    if (!LegalTransitions.ContainsKey((state, action))) data.Add(state, action);
                }
            }

            return data;
        }
    }

    private static Wave AWave(int capacity = 3) => Wave.Plan("Wave 1", OpensAt, capacity, Defaults.Start, enablementsPerMinute: 10);

    private static Wave In(WaveState state)
    {
        var wave = AWave();
        if (state == WaveState.Planned) return wave;
        wave.Open(OpensAt);
        if (state == WaveState.Paused) wave.Pause();
        if (state == WaveState.Completed) wave.Complete();
        return wave;
    }

    private static void Perform(Wave wave, WaveAction action)
    {
        switch (action)
        {
            case WaveAction.Open: wave.Open(OpensAt); break;
            case WaveAction.Pause: wave.Pause(); break;
            case WaveAction.Resume: wave.Resume(); break;
            case WaveAction.Complete: wave.Complete(); break;
            default: throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    [Fact]
    public void A_planned_wave_has_its_name_opening_time_capacity_and_rate()
    {
        var wave = Wave.Plan("  Wave 1  ", OpensAt, 25, Defaults.Start, enablementsPerMinute: 5);

        Assert.Equal("Wave 1", wave.Name);
        Assert.Equal(OpensAt, wave.OpensAt);
        Assert.Equal(25, wave.Capacity);
        Assert.Equal(5, wave.EnablementsPerMinute);
        Assert.Equal(WaveState.Planned, wave.State);
    }

    [Theory]
    [InlineData("", 10, 60)]
    [InlineData("  ", 10, 60)]
    [InlineData("Wave", 0, 60)]
    [InlineData("Wave", -1, 60)]
    [InlineData("Wave", 10, 0)]
    public void A_wave_needs_a_name_a_capacity_and_a_rate_of_at_least_one(string name, int capacity, int rate)
    {
        Assert.Throws<DomainException>(() => Wave.Plan(name, OpensAt, capacity, Defaults.Start, rate));
    }

    [Fact]
    public void A_wave_takes_grants_up_to_its_capacity_and_no_more()
    {
        var wave = AWave(capacity: 3);

        wave.EnsureRoomFor(assigned: 0, adding: 3);
        wave.EnsureRoomFor(assigned: 2, adding: 1);
        Assert.Throws<DomainException>(() => wave.EnsureRoomFor(assigned: 3, adding: 1));
        Assert.Throws<DomainException>(() => wave.EnsureRoomFor(assigned: 0, adding: 4));
    }

    [Fact]
    public void A_completed_wave_takes_no_more_grants()
    {
        Assert.Throws<DomainException>(() => In(WaveState.Completed).EnsureRoomFor(assigned: 0, adding: 1));
    }

    [Theory]
    [InlineData(WaveState.Open)]
    [InlineData(WaveState.Paused)]
    public void An_open_or_paused_wave_with_room_takes_grants(WaveState state)
    {
        In(state).EnsureRoomFor(assigned: 1, adding: 1);
    }

    [Fact]
    public void The_table_covers_every_state_and_action()
    {
        Assert.Equal(Enum.GetValues<WaveState>().Length * Enum.GetValues<WaveAction>().Length, Legal.Count + Illegal.Count);
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void A_legal_transition_reaches_the_next_state(WaveState state, WaveAction action, WaveState expected)
    {
        var wave = In(state);

        Perform(wave, action);

        Assert.Equal(expected, wave.State);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void An_illegal_transition_is_refused_and_changes_nothing(WaveState state, WaveAction action)
    {
        var wave = In(state);

        Assert.Throws<DomainException>(() => Perform(wave, action));

        Assert.Equal(state, wave.State);
    }

    [Fact]
    public void Opening_early_moves_the_opening_time_to_now()
    {
        var wave = AWave();
        var early = OpensAt.AddDays(-2);

        wave.Open(early);

        Assert.Equal(early, wave.OpensAt);
    }

    [Fact]
    public void Opening_late_keeps_the_planned_opening_time()
    {
        var wave = AWave();

        wave.Open(OpensAt.AddHours(3));

        Assert.Equal(OpensAt, wave.OpensAt);
    }

    [Fact]
    public void A_planned_wave_is_due_from_its_opening_time_and_an_open_one_always()
    {
        var wave = AWave();

        Assert.False(wave.IsDue(OpensAt.AddTicks(-1)));
        Assert.True(wave.IsDue(OpensAt));
        Assert.True(In(WaveState.Open).IsDue(Defaults.Start));
        Assert.False(In(WaveState.Paused).IsDue(OpensAt.AddDays(1)));
        Assert.False(In(WaveState.Completed).IsDue(OpensAt.AddDays(1)));
    }
}
