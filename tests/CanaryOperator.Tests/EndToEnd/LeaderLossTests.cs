using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.Hosting;
using CanaryOperator.Runtime.Leadership;
using FluentAssertions;
using Microsoft.Extensions.Hosting;
using Xunit;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Two operators with leader election. The leader loses its Lease while a reconcile is in flight (its VirtualService
/// write held in the client): it takes the process-exit path, the follower takes over, and the rollout converges with
/// the weights summing to 100 in every stored version of the VirtualService.
/// </summary>
public sealed class LeaderLossTests
{
    [Fact]
    public async Task Leader_losing_its_lease_mid_reconcile_exits_and_the_follower_finishes_the_rollout()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Load().Yaml);
        using var weights = new WeightRecorder(bed, Namespace, VirtualService, Route, "canary");
        var interceptor = new LeaderLossInterceptor();
        var lifetime = new RecordingLifetime();
        var leader = await bed.StartOperatorAsync(Options("replica-a"), interceptor, onLeadershipLost: new StopApplicationOnLeadershipLost(lifetime));
        await Eventually(() => leader.Running, TimeSpan.FromSeconds(20), "replica-a leads");
        var follower = await bed.StartOperatorAsync(Options("replica-b"));

        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy, TimeSpan.FromMinutes(1), "revision 1 Healthy");
        var h1 = bed.Rollout(Namespace, RolloutName)!["status"]!["stableRS"]!.GetValue<string>();
        follower.Running.Should().BeFalse("replica-a holds the lease");

        // blue → red; the leader's first weight shift (VirtualService 80/20) stays in flight.
        interceptor.HoldNextWriteTo("/virtualservices/");
        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => interceptor.Holding, TimeSpan.FromMinutes(1), "the leader's VirtualService write is in flight");

        var exitCode = Environment.ExitCode;
        try
        {
            interceptor.CutLease();
            await Eventually(() => lifetime.StopRequested, TimeSpan.FromSeconds(30), "replica-a gives up leadership and stops its process");
            Environment.ExitCode.Should().Be(1, "losing the lease exits non-zero so Kubernetes restarts the pod");
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }

        await Eventually(() => interceptor.HeldWriteCancelled, TimeSpan.FromSeconds(10), "the in-flight reconcile is cancelled, its write never sent");
        leader.Running.Should().BeFalse();
        await bed.StopOperatorAsync(leader);
        await Eventually(() => follower.Running, TimeSpan.FromSeconds(30), "replica-b takes over once the lease expires");

        await new ScenarioScript("replica-b finishes the rollout",
        [
            new("paused at step 1", b => b.Phase(Namespace, RolloutName) == RolloutPhases.Paused && SeedScripts.Weights(b) == (80, 20),
                b => b.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch)),
            new("fully promoted, old ReplicaSet at 0", b => SeedScripts.FullyPromoted(b, h1)),
        ]).RunAsync(bed);
        SeedScripts.FullyPromoted(bed, h1).Should().BeTrue();
        weights.Violations.Should().BeEmpty("VirtualService weights must always sum to 100");
        weights.Sequence.Should().StartWith([20]);
    }

    private static OperatorOptions Options(string identity) => new()
    {
        LeaderElect = true,
        LeaseNamespace = "default",
        Identity = identity,
        Workers = 2,
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(250),
    };

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The host's lifetime as the production leadership-lost handler sees it; records the stop request.</summary>
    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public bool StopRequested { get; private set; }

        public void StopApplication() => StopRequested = true;
    }
}
