using CanaryOperator.Simulation;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary>The simulation clock's knowledge of its next timer, which lets simulate skip seconds where nothing can happen.</summary>
public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_due_is_the_earliest_armed_timer_and_follows_Change_Dispose_and_firing()
    {
        var clock = new VirtualClock(Start);
        clock.NextDue().Should().BeNull();
        var fired = new List<string>();
        using var slow = clock.CreateTimer(_ => fired.Add("slow"), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var fast = clock.CreateTimer(_ => fired.Add("fast"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        clock.NextDue().Should().Be(Start.AddSeconds(10));

        fast.Change(TimeSpan.FromSeconds(40), Timeout.InfiniteTimeSpan);
        clock.NextDue().Should().Be(Start.AddSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(30));
        fired.Should().Equal("slow");
        clock.NextDue().Should().Be(Start.AddSeconds(40), "a one-shot timer is disarmed once it fired");

        fast.Dispose();
        clock.NextDue().Should().BeNull();
    }

    [Fact]
    public void A_periodic_timer_is_next_due_one_period_after_its_previous_due_time()
    {
        var clock = new VirtualClock(Start);
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

        clock.Advance(TimeSpan.FromSeconds(16));
        count.Should().Be(1);
        clock.NextDue().Should().Be(Start.AddSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(30));
        count.Should().Be(3, "two more periods passed");
        clock.NextDue().Should().Be(Start.AddSeconds(60));
    }

    [Fact]
    public void A_timer_due_at_once_fires_and_is_then_disarmed()
    {
        var clock = new VirtualClock(Start);
        var calls = 0;
        using var timer = clock.CreateTimer(_ => calls++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        calls.Should().Be(1);
        clock.NextDue().Should().BeNull();
        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan).Should().BeTrue();
        clock.NextDue().Should().Be(Start.AddSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(5));
        calls.Should().Be(2);
    }

    [Fact]
    public async Task Task_Delay_on_the_clock_is_a_tracked_timer()
    {
        var clock = new VirtualClock(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(7), clock);

        clock.NextDue().Should().Be(Start.AddSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(7));
        await delay;
        clock.NextDue().Should().BeNull();
    }
}
