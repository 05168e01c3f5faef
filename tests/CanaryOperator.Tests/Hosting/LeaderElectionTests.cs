using CanaryOperator.Hosting;
using CanaryOperator.Tests.EndToEnd;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Hosting;

/// <summary>Two operators on one emulator with <c>--leader-elect</c>: only the Lease holder reconciles; the other takes over.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Only_the_leader_runs_workers_and_the_follower_takes_over_when_it_stops()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        var a = OperatorHost.Build(Options("replica-a"), bed.Emulator.CreateClient());
        var b = OperatorHost.Build(Options("replica-b"), bed.Emulator.CreateClient());
        await a.StartAsync(CancellationToken.None);
        await Eventually(() => a.Running, TimeSpan.FromSeconds(20), "a leads");
        await b.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        b.Running.Should().BeFalse("the lease is held by replica-a");
        a.Metrics.Registry.Render().Should().Contain("leader_election_master_status{name=\"canary-operator-leader\"} 1");
        b.Metrics.Registry.Render().Should().Contain("leader_election_master_status{name=\"canary-operator-leader\"} 0");

        await a.DisposeAsync();
        await Eventually(() => b.Running, TimeSpan.FromSeconds(40), "b takes over after the lease expires");
        await b.DisposeAsync();
    }

    private static OperatorOptions Options(string identity) =>
        new() { LeaderElect = true, LeaseNamespace = "default", Identity = identity, Workers = 1 };

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(100);
        }
    }
}
