using System.Collections.Concurrent;
using CanaryOperator.Runtime.Queue;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private readonly WorkQueue _queue;

    public WorkQueueTests()
    {
        _queue = new WorkQueue(DefaultControllerRateLimiter.Create(_clock), _clock);
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Adding_a_key_twice_queues_it_once()
    {
        _queue.Add("ns/a");
        _queue.Add("ns/a");
        _queue.Add("ns/b");

        _queue.Depth.Should().Be(2);
        (await _queue.GetAsync()).Should().Be("ns/a");
        (await _queue.GetAsync()).Should().Be("ns/b");
        _queue.Depth.Should().Be(0);
        _queue.AddsTotal.Should().Be(3);
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_to_a_second_worker()
    {
        _queue.Add("ns/a");
        var first = await _queue.GetAsync();

        _queue.Add("ns/a");
        var second = _queue.GetAsync();

        second.IsCompleted.Should().BeFalse("ns/a is still being processed by the first worker");
        _queue.Depth.Should().Be(0);

        _queue.Done(first!);

        (await second.WaitAsync(HangGuard)).Should().Be("ns/a");
    }

    [Fact]
    public async Task A_key_re_added_several_times_while_processing_is_processed_exactly_once_more()
    {
        _queue.Add("ns/a");
        var key = await _queue.GetAsync();
        _queue.Add("ns/a");
        _queue.Add("ns/a");
        _queue.Add("ns/a");

        _queue.Done(key!);

        _queue.Depth.Should().Be(1);
        (await _queue.GetAsync()).Should().Be("ns/a");
        _queue.Done("ns/a");
        _queue.Depth.Should().Be(0);
        _queue.ProcessingCount.Should().Be(0);
    }

    [Fact]
    public async Task Done_without_a_re_add_does_not_requeue()
    {
        _queue.Add("ns/a");
        _queue.Done((await _queue.GetAsync())!);

        _queue.Depth.Should().Be(0);
    }

    [Fact]
    public void AddAfter_keeps_the_earliest_deadline()
    {
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(5));
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(20));

        _clock.Advance(TimeSpan.FromMilliseconds(4999));
        _queue.Depth.Should().Be(0);
        _queue.WaitingCount.Should().Be(1);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Depth.Should().Be(1);
        _queue.WaitingCount.Should().Be(0);

        _clock.Advance(TimeSpan.FromSeconds(30));
        _queue.Depth.Should().Be(1, "the later deadlines were merged into the earliest one");
    }

    [Fact]
    public async Task AddAfter_orders_keys_by_deadline()
    {
        _queue.AddAfter("ns/late", TimeSpan.FromSeconds(3));
        _queue.AddAfter("ns/early", TimeSpan.FromSeconds(1));
        _queue.AddAfter("ns/middle", TimeSpan.FromSeconds(2));

        _clock.Advance(TimeSpan.FromSeconds(1));
        (await _queue.GetAsync()).Should().Be("ns/early");
        _queue.Depth.Should().Be(0);

        _clock.Advance(TimeSpan.FromSeconds(5));
        (await _queue.GetAsync()).Should().Be("ns/middle");
        (await _queue.GetAsync()).Should().Be("ns/late");
    }

    [Fact]
    public void AddAfter_with_no_delay_adds_now()
    {
        _queue.AddAfter("ns/a", TimeSpan.Zero);

        _queue.Depth.Should().Be(1);
    }

    [Fact]
    public async Task An_immediate_add_supersedes_a_pending_delayed_add()
    {
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        _queue.Add("ns/a");
        _queue.Done((await _queue.GetAsync())!);

        _clock.Advance(TimeSpan.FromSeconds(11));

        _queue.Depth.Should().Be(0);
    }

    [Fact]
    public async Task A_delayed_key_that_comes_due_while_processing_runs_again_afterwards()
    {
        _queue.Add("ns/a");
        var key = await _queue.GetAsync();
        _queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        _queue.Depth.Should().Be(0);

        _queue.Done(key!);
        _queue.Depth.Should().Be(1);
    }

    [Fact]
    public async Task AddRateLimited_waits_the_growing_per_key_backoff()
    {
        _queue.AddRateLimited("ns/a");
        _clock.Advance(TimeSpan.FromMilliseconds(4));
        _queue.Depth.Should().Be(0);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Depth.Should().Be(1);
        _queue.Done((await _queue.GetAsync())!);

        _queue.AddRateLimited("ns/a");
        _clock.Advance(TimeSpan.FromMilliseconds(9));
        _queue.Depth.Should().Be(0);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Depth.Should().Be(1);

        _queue.RetriesTotal.Should().Be(2);
        _queue.NumRequeues("ns/a").Should().Be(2);
    }

    [Fact]
    public async Task Forget_resets_the_backoff()
    {
        for (var i = 0; i < 5; i++)
        {
            _queue.AddRateLimited("ns/a");
            _clock.Advance(TimeSpan.FromSeconds(1));
            _queue.Done((await _queue.GetAsync())!);
        }

        _queue.Forget("ns/a");
        _queue.AddRateLimited("ns/a");
        _clock.Advance(TimeSpan.FromMilliseconds(5));

        _queue.Depth.Should().Be(1, "after Forget the first retry waits the base 5 ms again");
    }

    [Fact]
    public async Task A_key_failing_hundreds_of_times_is_never_dropped()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            _queue.AddRateLimited("ns/a");
            _clock.Advance(TimeSpan.FromSeconds(999));
            if (attempt >= 18)
            {
                _queue.Depth.Should().Be(0, "attempt {0} waits the full 1000 s cap", attempt);
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            var key = await _queue.GetAsync().WaitAsync(HangGuard);
            key.Should().Be("ns/a");
            _queue.Done(key!);
        }

        _queue.NumRequeues("ns/a").Should().Be(300);
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers_with_null()
    {
        var waiting = _queue.GetAsync();

        _queue.ShutDown();

        (await waiting.WaitAsync(HangGuard)).Should().BeNull();
        (await _queue.GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task ShutDown_drains_ready_keys_then_ignores_new_ones()
    {
        _queue.Add("ns/a");
        _queue.AddAfter("ns/b", TimeSpan.FromSeconds(1));

        _queue.ShutDown();
        _queue.Add("ns/c");
        _queue.AddRateLimited("ns/d");
        _clock.Advance(TimeSpan.FromMinutes(1));

        (await _queue.GetAsync()).Should().Be("ns/a");
        (await _queue.GetAsync()).Should().BeNull();
        _queue.IsShuttingDown.Should().BeTrue();
    }

    [Fact]
    public async Task A_cancelled_worker_does_not_swallow_the_next_key()
    {
        using var cts = new CancellationTokenSource();
        var cancelled = _queue.GetAsync(cts.Token);
        var live = _queue.GetAsync();

        await cts.CancelAsync();
        _queue.Add("ns/a");

        await FluentActions.Awaiting(() => cancelled.WaitAsync(HangGuard)).Should().ThrowAsync<OperationCanceledException>();
        (await live.WaitAsync(HangGuard)).Should().Be("ns/a");
    }

    [Fact]
    public async Task Four_concurrent_workers_never_hold_the_same_key_at_once()
    {
        var holders = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var processed = 0;
        var keys = Enumerable.Range(0, 5).Select(i => $"ns/k{i}").ToArray();

        async Task Worker()
        {
            while (await _queue.GetAsync() is { } key)
            {
                if (holders.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Thread.SpinWait(200);
                holders.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                _queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            _queue.Add(keys[i % keys.Length]);
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        // Let the workers drain, then stop them.
        var deadline = DateTime.UtcNow + HangGuard;
        while ((_queue.Depth > 0 || _queue.ProcessingCount > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        _queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(HangGuard);

        overlaps.Should().Be(0);
        processed.Should().BeGreaterThanOrEqualTo(keys.Length);
        _queue.Depth.Should().Be(0);
    }
}
