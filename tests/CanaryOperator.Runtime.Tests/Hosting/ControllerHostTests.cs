using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Queue;
using CanaryOperator.Runtime.Tests.Informers;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Hosting;

public sealed class ControllerHostTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeListWatch _server = new();
    private readonly ManualLeaderElection _leader = new();
    private readonly ScriptedReconciler _reconciler = new((_, _, _) => Task.FromResult(ReconcileResult.Done));
    private readonly WorkQueue _queue;
    private readonly Informer<V1ConfigMap> _informer;
    private readonly ControllerHost _host;

    public ControllerHostTests()
    {
        _queue = new WorkQueue(DefaultControllerRateLimiter.Create(_clock), _clock);
        _informer = new Informer<V1ConfigMap>(_server, new InformerOptions<V1ConfigMap> { TimeProvider = _clock, Random = () => 0 });
        _informer.AddEventHandler(ResourceEventHandler<V1ConfigMap>.Enqueue(cm => [ObjectKey.Of(cm)], _queue.Add));
        var controller = new Controller(new ControllerOptions { Name = "rollouts", Workers = 2 }, _reconciler, _queue, timeProvider: _clock);
        _host = new ControllerHost([_informer], [controller], _leader, new RuntimeHealth([_informer]));
    }

    public void Dispose()
    {
        _host.Dispose();
        _queue.Dispose();
    }

    [Fact]
    public async Task Reconciles_only_after_caches_synced_and_leadership_acquired()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a"));
        _server.Create(FakeListWatch.NewObject("ns", "b"));
        _server.NextListError = new HttpRequestException("API server not up yet");

        await _host.StartAsync(CancellationToken.None);
        await Eventually.True(() => _server.ListCalls.Count == 1, "first list attempted");
        _host.Health.IsReady.Should().BeFalse();
        _host.Health.IsHealthy.Should().BeTrue();

        await AdvanceUntil(() => _host.Health.IsReady, "caches synced");
        _queue.Depth.Should().Be(2, "the informer enqueued both keys");
        _host.ControllersRunning.Should().BeFalse("this replica does not lead yet");
        _reconciler.TotalCalls.Should().Be(0);

        _leader.Grant();

        await Eventually.True(() => _reconciler.Calls("ns/a") == 1 && _reconciler.Calls("ns/b") == 1, "both reconciled");
        _host.ControllersRunning.Should().BeTrue();

        _server.Update("ns", "a", "changed");
        await Eventually.True(() => _reconciler.Calls("ns/a") == 2, "watch event reconciled");

        await _host.StopAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
        _informer.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task Losing_leadership_stops_the_workers_but_not_the_caches()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a"));
        _leader.Grant();
        await _host.StartAsync(CancellationToken.None);
        await Eventually.True(() => _reconciler.Calls("ns/a") == 1, "reconciled as leader");

        _leader.Revoke();

        await Eventually.True(() => !_host.ControllersRunning, "workers stopped");
        _queue.IsShuttingDown.Should().BeTrue();
        _server.Update("ns", "a", "changed");
        await Eventually.True(() => _informer.Store.Get("ns/a")!.Data["value"] == "changed", "cache still follows the cluster");
        _reconciler.Calls("ns/a").Should().Be(1, "a replica that does not lead never reconciles");

        await _host.StopAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
    }

    private async Task AdvanceUntil(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Eventually.HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(2);
        }
    }

    private sealed class ManualLeaderElection : ILeaderElection
    {
        private readonly TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _leading = new();

        public bool IsLeader => _acquired.Task.IsCompleted && !_leading.IsCancellationRequested;

        public void Grant() => _acquired.TrySetResult(_leading.Token);

        public void Revoke() => _leading.Cancel();

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) =>
            _acquired.Task.WaitAsync(cancellationToken);
    }
}
