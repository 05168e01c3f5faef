using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Leadership;

/// <summary>
/// Runs KubernetesClient's real LeaderElector over an in-memory lock. The elector sleeps on the real clock, so the
/// lease timings are shrunk to a few seconds; assertions are about what happened, never how fast.
/// </summary>
public sealed class LeaseLeaderElectionTests : IAsyncDisposable
{
    private readonly SharedLease _lease = new();
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Eventually.HangGuard);
            stop.Dispose();
        }
    }

    [Fact]
    public async Task Acquires_a_free_lease_and_keeps_renewing_it()
    {
        var registry = new MetricsRegistry();
        var (election, _, lost) = Start("replica-a", new RuntimeMetrics(registry));

        var leading = await election.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);

        election.IsLeader.Should().BeTrue();
        _lease.Holder.Should().Be("replica-a");
        registry.Render().Should().Contain("leader_election_master_status{name=\"canary-operator\"} 1");

        await Eventually.True(() => _lease.Updates >= 3, "several renewals");
        election.IsLeader.Should().BeTrue();
        leading.IsCancellationRequested.Should().BeFalse();
        lost.Count.Should().Be(0);
    }

    [Fact]
    public async Task Losing_the_lease_cancels_the_leadership_token_and_runs_the_on_lost_action()
    {
        var registry = new MetricsRegistry();
        var (election, lockA, lost) = Start("replica-a", new RuntimeMetrics(registry));
        var leading = await election.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);

        lockA.FailWrites = true;

        await Eventually.True(() => lost.Count == 1, "on-lost action ran");
        leading.IsCancellationRequested.Should().BeTrue();
        election.IsLeader.Should().BeFalse();
        registry.Render().Should().Contain("leader_election_master_status{name=\"canary-operator\"} 0");
        await _running[0].Run.WaitAsync(Eventually.HangGuard);
    }

    [Fact]
    public async Task A_follower_waits_while_the_leader_renews_and_takes_over_when_it_stops()
    {
        var (a, _, lostA) = Start("replica-a");
        await a.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
        var (b, _, lostB) = Start("replica-b");
        var bLeads = b.WaitForLeadershipAsync(CancellationToken.None);

        var renewalsBefore = _lease.Updates;
        await Eventually.True(() => _lease.Updates >= renewalsBefore + 5, "leader keeps renewing");
        bLeads.IsCompleted.Should().BeFalse("the lease is held and renewed by replica-a");
        b.IsLeader.Should().BeFalse();

        // replica-a shuts down (not a loss): it stops renewing, and replica-b takes over once the lease expires.
        await _running[0].Stop.CancelAsync();
        await _running[0].Run.WaitAsync(Eventually.HangGuard);

        await bLeads.WaitAsync(Eventually.HangGuard);
        _lease.Holder.Should().Be("replica-b");
        lostA.Count.Should().Be(0, "a shutdown is not a lost lease");
        lostB.Count.Should().Be(0);
    }

    [Fact]
    public async Task Shutting_down_while_leading_is_not_reported_as_a_loss()
    {
        var (election, _, lost) = Start("replica-a");
        var leading = await election.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);

        await _running[0].Stop.CancelAsync();
        await _running[0].Run.WaitAsync(Eventually.HangGuard);

        leading.IsCancellationRequested.Should().BeTrue();
        lost.Count.Should().Be(0);
    }

    [Fact]
    public void Identity_defaults_to_the_pod_name_or_host_name()
    {
        var options = new LeaderElectionOptions { LeaseName = "l", LeaseNamespace = "ns" };

        options.Identity.Should().Be(Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName);
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(15));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(10));
        options.RetryPeriod.Should().Be(TimeSpan.FromSeconds(2));
    }

    private (LeaseLeaderElection Election, InMemoryLock Lock, CountingLostHandler Lost) Start(string identity, RuntimeMetrics? metrics = null)
    {
        // A follower takes the lease once it has seen no renewal for LeaseDuration on its own clock, so the duration
        // must outlast any scheduling stall of the leader's 100 ms renew loop: on 2 busy cores (all test assemblies run
        // at once in CI) a stall of over a second happened, and a 1 s lease let the follower take over a live leader.
        var options = new LeaderElectionOptions
        {
            LeaseName = "canary-operator",
            LeaseNamespace = "canary-system",
            Identity = identity,
            LeaseDuration = TimeSpan.FromMilliseconds(4000),
            RenewDeadline = TimeSpan.FromMilliseconds(2500),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        };
        var resourceLock = new InMemoryLock(_lease, identity);
        var lost = new CountingLostHandler();
        var election = new LeaseLeaderElection(options, resourceLock, lost, metrics);
        var stop = new CancellationTokenSource();
        _running.Add((stop, Task.Run(() => election.RunAsync(stop.Token))));
        return (election, resourceLock, lost);
    }

    private sealed class CountingLostHandler : ILeadershipLostHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnLeadershipLost() => Interlocked.Increment(ref _count);
    }
}
