using CanaryOperator.Api.Rollouts;
using CanaryOperator.Controllers;
using CanaryOperator.Hosting;
using FluentAssertions;
using Xunit;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// The DestinationRule switch waiting for the canary pods (§5.4) is a waiting state of the operator, not a failed
/// reconcile: counted under <c>result="waiting"</c>, never as an error (no error metric, log or backoff), and the
/// switch happens once the pods are ready.
/// </summary>
public sealed class DestinationRuleWaitTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_switch_waits_for_ready_canary_pods_without_a_failed_reconcile()
    {
        // Pods become ready 20 s (virtual) after creation, so the switch has to wait while the clock stands still.
        await using var bed = await Testbed.StartAsync(overHttp: false, podReadyDelay: TimeSpan.FromSeconds(20));
        await bed.ApplyAsync(Load().Yaml);
        var op = await bed.StartOperatorAsync();
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") is not null, Minute, "first revision Healthy");
        var h1 = bed.Rollout(Namespace, RolloutName)!["status"]!["stableRS"]!.GetValue<string>();
        var waitingBefore = Waiting(op);

        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.SettleAsync();

        // The canary subset moves to the new ReplicaSet while it has no replicas; once it is scaled up, every pass waits
        // for its pods (the gate of §5.4) and no traffic moves.
        bed.ReplicaSets(Namespace, RolloutName).Should().HaveCount(2);
        IstioState.HttpWeights(bed.VirtualService(Namespace, VirtualService), Route)["canary"].Should().Be(0);
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable").Should().Be(h1);
        Waiting(op).Should().BeGreaterThan(waitingBefore, "the pass that reached the switch stopped to wait");
        Errors(op).Should().Be(0, "waiting for pods is not a failed reconcile");

        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused, Minute, "paused at step 1");
        var h2 = bed.Rollout(Namespace, RolloutName)!["status"]!["currentPodHash"]!.GetValue<string>();
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h2);
        Errors(op).Should().Be(0);
        op.Metrics.ReconcileTotal.WithLabels("rollout", "error").Value.Should().Be(0);
    }

    private static double Waiting(OperatorHost op) => op.Metrics.ReconcileTotal.WithLabels("rollout", RolloutController.WaitingOutcome).Value;

    private static double Errors(OperatorHost op) => op.Metrics.ReconcileErrors.WithLabels("rollout").Value;
}
