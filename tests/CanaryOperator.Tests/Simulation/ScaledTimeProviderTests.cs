using CanaryOperator.Simulation;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary>The sandbox's <c>--time-scale</c> clock, driven by a fake "real" clock so nothing depends on the wall.</summary>
public sealed class ScaledTimeProviderTests
{
    [Fact]
    public void Now_and_timestamps_advance_scale_times_faster_than_real_time()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var clock = new ScaledTimeProvider(60, real);
        var start = clock.GetUtcNow();
        var startStamp = clock.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(2));

        (clock.GetUtcNow() - start).Should().Be(TimeSpan.FromMinutes(2));
        clock.GetElapsedTime(startStamp).Should().BeCloseTo(TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(1));
        start.Should().Be(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), "the cluster's clock starts at the real now");
    }

    [Fact]
    public void Timers_fire_after_the_scaled_real_delay_and_Change_is_scaled_too()
    {
        var real = new FakeTimeProvider();
        var clock = new ScaledTimeProvider(10, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(2.9));
        fired.Should().Be(0);
        real.Advance(TimeSpan.FromSeconds(0.1));
        fired.Should().Be(1, "30 s of cluster time are 3 s of real time at ×10");

        timer.Change(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        real.Advance(TimeSpan.FromSeconds(3));
        fired.Should().Be(4, "a 10 s period is 1 s of real time");
    }

    [Fact]
    public async Task Task_Delay_on_the_clock_waits_the_scaled_time()
    {
        var real = new FakeTimeProvider();
        var clock = new ScaledTimeProvider(100, real);
        var delay = Task.Delay(TimeSpan.FromSeconds(100), clock);

        real.Advance(TimeSpan.FromMilliseconds(999));
        delay.IsCompleted.Should().BeFalse();
        real.Advance(TimeSpan.FromMilliseconds(1));
        await delay;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Scales_below_one_or_not_finite_are_refused(double scale)
    {
        var act = () => new ScaledTimeProvider(scale);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
