using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Hosting;

public sealed class ControllerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ListLogger _logger = new();
    private readonly MetricsRegistry _registry = new();
    private WorkQueue? _queue;
    private Task? _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Eventually.HangGuard);
        }

        _queue?.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task A_failing_key_is_retried_with_growing_backoff_until_it_succeeds()
    {
        var reconciler = new ScriptedReconciler((_, attempt, _) =>
            attempt <= 3 ? throw new InvalidOperationException($"attempt {attempt} failed") : Task.FromResult(ReconcileResult.Done));
        var queue = Start(reconciler);

        queue.Add("ns/r1");
        await Eventually.True(() => reconciler.Calls("ns/r1") == 1 && queue.WaitingCount == 1, "first failure scheduled");

        foreach (var (wait, expectedCalls) in new[] { (5, 2), (10, 3), (20, 4) })
        {
            _clock.Advance(TimeSpan.FromMilliseconds(wait - 1));
            queue.Depth.Should().Be(0, "the retry waits the full {0} ms", wait);
            reconciler.Calls("ns/r1").Should().Be(expectedCalls - 1);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.True(() => reconciler.Calls("ns/r1") == expectedCalls && queue.ProcessingCount == 0, $"attempt {expectedCalls}");
        }

        queue.NumRequeues("ns/r1").Should().Be(0, "success forgets the backoff");
        queue.WaitingCount.Should().Be(0);
        _logger.Entries.Where(e => e.Level == LogLevel.Error).Should().HaveCount(3)
            .And.OnlyContain(e => e.Message.Contains("ns/r1", StringComparison.Ordinal) && e.Exception is InvalidOperationException);

        var text = _registry.Render();
        text.Should().Contain("controller_runtime_reconcile_total{controller=\"rollouts\",result=\"error\"} 3");
        text.Should().Contain("controller_runtime_reconcile_total{controller=\"rollouts\",result=\"success\"} 1");
        text.Should().Contain("controller_runtime_reconcile_time_seconds_count{controller=\"rollouts\"} 4");
        text.Should().Contain("workqueue_retries_total{name=\"rollouts\"} 3");
    }

    [Fact]
    public async Task RequeueAfter_reconciles_the_key_again_after_the_delay()
    {
        var reconciler = new ScriptedReconciler((_, attempt, _) =>
            Task.FromResult(attempt == 1 ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30)) : ReconcileResult.Done));
        var queue = Start(reconciler);

        queue.Add("ns/r1");
        await Eventually.True(() => reconciler.Calls("ns/r1") == 1 && queue.WaitingCount == 1, "requeue scheduled");

        _clock.Advance(TimeSpan.FromSeconds(29));
        queue.Depth.Should().Be(0);
        reconciler.Calls("ns/r1").Should().Be(1);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => reconciler.Calls("ns/r1") == 2 && queue.ProcessingCount == 0, "second reconcile");
        queue.WaitingCount.Should().Be(0);
        _registry.Render().Should().Contain("result=\"requeue_after\"} 1");
    }

    [Fact]
    public async Task A_result_with_its_own_outcome_is_counted_under_that_label()
    {
        var reconciler = new ScriptedReconciler((_, attempt, _) =>
            Task.FromResult(attempt == 1 ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(1), "cache_lag") : ReconcileResult.Done));
        var queue = Start(reconciler);

        queue.Add("ns/r1");
        await Eventually.True(() => reconciler.Calls("ns/r1") == 1 && queue.WaitingCount == 1, "requeue scheduled");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => reconciler.Calls("ns/r1") == 2 && queue.ProcessingCount == 0, "second reconcile");

        var text = _registry.Render();
        text.Should().Contain("controller_runtime_reconcile_total{controller=\"rollouts\",result=\"cache_lag\"} 1");
        text.Should().Contain("controller_runtime_reconcile_total{controller=\"rollouts\",result=\"success\"} 1");
        text.Should().NotContain("requeue_after", "the outcome replaces the standard label");
    }

    [Fact]
    public async Task An_event_before_the_requeue_deadline_reconciles_earlier()
    {
        var reconciler = new ScriptedReconciler((_, _, _) => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(10))));
        var queue = Start(reconciler);

        queue.Add("ns/r1");
        await Eventually.True(() => reconciler.Calls("ns/r1") == 1 && queue.ProcessingCount == 0, "first reconcile");
        queue.Add("ns/r1");

        await Eventually.True(() => reconciler.Calls("ns/r1") == 2, "event-driven reconcile");
    }

    [Fact]
    public async Task Four_workers_run_different_keys_in_parallel_but_never_one_key_twice()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, _, _) =>
        {
            await gate.Task;
            return ReconcileResult.Done;
        });
        var queue = Start(reconciler, workers: 4);

        foreach (var key in new[] { "ns/a", "ns/b", "ns/c", "ns/d" })
        {
            queue.Add(key);
        }

        await Eventually.True(() => reconciler.Concurrent == 4, "four keys in flight");

        // Re-add the busy keys and one more: none of them may start while the workers hold them.
        foreach (var key in new[] { "ns/a", "ns/b", "ns/c", "ns/d", "ns/e" })
        {
            queue.Add(key);
        }

        queue.Depth.Should().Be(1, "only ns/e is ready; the others wait for their current run to finish");
        gate.SetResult();

        await Eventually.True(() => reconciler.TotalCalls == 9 && queue.ProcessingCount == 0 && queue.Depth == 0, "all done");
        new[] { "ns/a", "ns/b", "ns/c", "ns/d" }.Should().OnlyContain(k => reconciler.Calls(k) == 2);
        reconciler.Calls("ns/e").Should().Be(1);
        reconciler.Overlaps.Should().Be(0);
        reconciler.MaxConcurrent.Should().Be(4);
    }

    [Fact]
    public async Task Under_a_storm_of_adds_no_key_is_ever_on_two_workers()
    {
        var reconciler = new ScriptedReconciler(async (_, _, _) =>
        {
            await Task.Yield();
            return ReconcileResult.Done;
        });
        var queue = Start(reconciler, workers: 4);

        for (var i = 0; i < 4000; i++)
        {
            queue.Add($"ns/k{i % 8}");
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }

        await Eventually.True(() => queue.Depth == 0 && queue.ProcessingCount == 0, "drained");
        reconciler.Overlaps.Should().Be(0);
        reconciler.TotalCalls.Should().BeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public async Task Stopping_cancels_in_flight_reconciles_and_ends_the_workers()
    {
        var reconciler = new ScriptedReconciler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Done;
        });
        var queue = Start(reconciler);
        queue.Add("ns/a");
        await Eventually.True(() => reconciler.Concurrent == 1, "in flight");

        await _stop.CancelAsync();

        await _run!.WaitAsync(Eventually.HangGuard);
        queue.IsShuttingDown.Should().BeTrue();
        _logger.Entries.Should().NotContain(e => e.Level == LogLevel.Error, "cancellation at shutdown is not a failure");
    }

    private WorkQueue Start(IReconciler reconciler, int workers = 2)
    {
        _queue = new WorkQueue(DefaultControllerRateLimiter.Create(_clock), _clock);
        var controller = new Controller(
            new ControllerOptions { Name = "rollouts", Workers = workers }, reconciler, _queue, _logger, new RuntimeMetrics(_registry), _clock);
        _run = controller.RunAsync(_stop.Token);
        return _queue;
    }
}
