using CanaryOperator.Runtime.Queue;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Queue;

public class RateLimiterTests
{
    [Fact]
    public void Exponential_backoff_doubles_from_5ms_and_caps_at_1000s()
    {
        var limiter = new ItemExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var waits = Enumerable.Range(0, 20).Select(_ => limiter.When("ns/a")).ToList();

        waits[0].Should().Be(TimeSpan.FromMilliseconds(5));
        waits[1].Should().Be(TimeSpan.FromMilliseconds(10));
        waits[2].Should().Be(TimeSpan.FromMilliseconds(20));
        waits[17].Should().Be(TimeSpan.FromMilliseconds(5 * 131072)); // 655.36 s, still under the cap
        waits[18].Should().Be(TimeSpan.FromSeconds(1000));
        waits[19].Should().Be(TimeSpan.FromSeconds(1000));
        limiter.NumRequeues("ns/a").Should().Be(20);
    }

    [Fact]
    public void Exponential_backoff_stays_at_the_cap_after_thousands_of_failures()
    {
        var limiter = new ItemExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        for (var i = 0; i < 5000; i++)
        {
            limiter.When("ns/a");
        }

        limiter.When("ns/a").Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void Exponential_backoff_is_per_key_and_forget_resets_it()
    {
        var limiter = new ItemExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("ns/a");
        limiter.When("ns/a");

        limiter.When("ns/b").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.When("ns/a").Should().Be(TimeSpan.FromMilliseconds(20));

        limiter.Forget("ns/a");

        limiter.NumRequeues("ns/a").Should().Be(0);
        limiter.When("ns/a").Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Token_bucket_allows_the_burst_then_spaces_calls_at_the_rate()
    {
        var clock = new FakeTimeProvider();
        var bucket = new BucketRateLimiter(10, 100, clock);

        for (var i = 0; i < 100; i++)
        {
            bucket.When($"k{i}").Should().Be(TimeSpan.Zero, "call {0} is within the burst", i);
        }

        bucket.When("k100").Should().Be(TimeSpan.FromMilliseconds(100));
        bucket.When("k101").Should().Be(TimeSpan.FromMilliseconds(200));
        bucket.When("k102").Should().Be(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Token_bucket_refills_with_time_up_to_the_burst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new BucketRateLimiter(10, 100, clock);
        for (var i = 0; i < 100; i++)
        {
            bucket.When("k");
        }

        clock.Advance(TimeSpan.FromSeconds(1)); // 10 tokens back

        for (var i = 0; i < 10; i++)
        {
            bucket.When("k").Should().Be(TimeSpan.Zero);
        }

        bucket.When("k").Should().Be(TimeSpan.FromMilliseconds(100));

        clock.Advance(TimeSpan.FromHours(1)); // refills to the burst, not beyond
        for (var i = 0; i < 100; i++)
        {
            bucket.When("k").Should().Be(TimeSpan.Zero);
        }

        bucket.When("k").Should().BeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public void Default_controller_limiter_takes_the_longer_of_backoff_and_bucket()
    {
        var clock = new FakeTimeProvider();
        var limiter = DefaultControllerRateLimiter.Create(clock);

        // Within the burst the per-item backoff decides.
        limiter.When("ns/a").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.When("ns/a").Should().Be(TimeSpan.FromMilliseconds(10));

        // Exhaust the bucket with other keys: now the bucket's wait dominates a fresh key's 5 ms.
        for (var i = 0; i < 98; i++)
        {
            limiter.When($"ns/other-{i}");
        }

        limiter.When("ns/fresh").Should().Be(TimeSpan.FromMilliseconds(100));

        limiter.Forget("ns/a");
        limiter.NumRequeues("ns/a").Should().Be(0);
    }
}
