using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// The seed scenario end to end: the real operator (informers, queue, planner, adapters) against the API emulator over
/// HTTP with the real KubernetesClient, on a virtual clock.
/// </summary>
public sealed class SeedScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Blue_to_red_walks_every_step_then_promotes_scales_down_and_prunes_history()
    {
        await using var bed = await Testbed.StartAsync(overHttp: true);
        var (yaml, source) = Load();
        output.WriteLine($"manifests: {source}");
        await bed.ApplyAsync(yaml);
        var op = await bed.StartOperatorAsync(overHttp: true);
        using var weights = new WeightRecorder(bed, Namespace, VirtualService, Route, "canary");
        var replicas = bed.Rollout(Namespace, RolloutName)!["spec"]!["replicas"]!.GetValue<int>();

        // Revision 1 becomes stable: DR subsets both on its hash, VS 100/0, Healthy.
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") is not null, Minute, "first revision Healthy");
        var h1 = bed.Rollout(Namespace, RolloutName)!["status"]!["stableRS"]!.GetValue<string>();
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable").Should().Be(h1);
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h1);
        IstioState.HttpWeights(bed.VirtualService(Namespace, VirtualService), Route).Should().Equal(new Dictionary<string, int> { ["stable"] = 100, ["canary"] = 0 });
        bed.PodCount(Namespace, h1).Should().Be(replicas);

        // blue → red: canary RS, DR canary subset = new hash, VS 80/20, Paused.
        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused, Minute, "paused at step 1");
        var status = bed.Rollout(Namespace, RolloutName)!["status"]!;
        var h2 = status["currentPodHash"]!.GetValue<string>();
        h2.Should().NotBe(h1);
        status["currentStepIndex"]!.GetValue<int>().Should().Be(1);
        bed.ReplicaSets(Namespace, RolloutName).Should().HaveCount(2);
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h2);
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable").Should().Be(h1);
        IstioState.HttpWeights(bed.VirtualService(Namespace, VirtualService), Route).Should().Equal(new Dictionary<string, int> { ["stable"] = 80, ["canary"] = 20 });
        bed.PodCount(Namespace, h2).Should().Be((int)Math.Ceiling(replicas * 0.2));

        // It stays paused however long we wait.
        await bed.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        bed.Phase(Namespace, RolloutName).Should().Be(RolloutPhases.Paused);

        // Promote with the status patch; 60/40 → 40/60 → 20/80 with 10 s pauses, → 0/100 → promotion.
        var promotedAt = bed.Clock.GetUtcNow();
        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => bed.Rollout(Namespace, RolloutName)?["status"]?["stableRS"]?.GetValue<string>() == h2
                                      && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") == h2
                                      && IstioState.HttpWeights(bed.VirtualService(Namespace, VirtualService), Route)["stable"] == 100,
            TimeSpan.FromMinutes(5), "promoted");
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h2);
        // The manifest starts at 100/0, so the first recorded write is the first shift (an unchanged VS is not patched).
        weights.Sequence.Should().Equal(20, 40, 60, 80, 100, 0);
        var at40 = weights.FirstAt(40, promotedAt)!.Value;
        var at60 = weights.FirstAt(60, promotedAt)!.Value;
        var at80 = weights.FirstAt(80, promotedAt)!.Value;
        var at100 = weights.FirstAt(100, promotedAt)!.Value;
        (at60 - at40).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10), "pause {duration: 10} after setWeight 40");
        (at80 - at60).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        (at100 - at80).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        (at60 - at40).Should().BeLessThan(TimeSpan.FromSeconds(20), "the pause requeues at its deadline, not at a resync");

        // Old ReplicaSet scaled to 0 only after the scale-down delay (30 s default with traffic routing).
        var oldRs = bed.ReplicaSets(Namespace, RolloutName).Single(rs => rs["metadata"]!["labels"]![RolloutLabels.PodTemplateHash]!.GetValue<string>() == h1);
        oldRs["spec"]!["replicas"]!.GetValue<int>().Should().Be(replicas, "the old stable keeps its pods during the scale-down delay");
        await bed.RunUntilAsync(() => bed.PodCount(Namespace, h1) == 0, Minute, "old ReplicaSet scaled down");
        (bed.Clock.GetUtcNow() - at100).Should().BeGreaterThan(TimeSpan.FromSeconds(29), "scaleDownDelaySeconds 30 (deadline kept in whole seconds)");
        bed.PodCount(Namespace, h2).Should().Be(replicas);

        // Two more revisions, promoted fully: history is pruned to revisionHistoryLimit (2) old ReplicaSets.
        foreach (var color in new[] { "green", "yellow", "purple" })
        {
            var before = bed.Rollout(Namespace, RolloutName)!["status"]!["currentPodHash"]!.GetValue<string>();
            await bed.SetDeploymentImageAsync(Namespace, Deployment, $"argoproj/rollouts-demo:{color}");
            await bed.RunUntilAsync(() => bed.Rollout(Namespace, RolloutName)?["status"]?["currentPodHash"]?.GetValue<string>() != before
                                          && bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused, Minute, $"{color} paused");
            await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.PromoteFullPatch);
            await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                          && bed.ReplicaSets(Namespace, RolloutName).Count(rs => rs["spec"]!["replicas"]!.GetValue<int>() > 0) == 1,
                TimeSpan.FromMinutes(3), $"{color} promoted and old scaled down");
        }

        await bed.RunUntilAsync(() => bed.ReplicaSets(Namespace, RolloutName).Count <= 3, Minute, "history pruned");
        bed.ReplicaSets(Namespace, RolloutName).Should().HaveCount(3, "the current ReplicaSet plus revisionHistoryLimit: 2 old ones");
        weights.Violations.Should().BeEmpty("VirtualService weights always sum to 100");
        output.WriteLine($"weights: {string.Join(" → ", weights.Sequence)}; API writes (all clients): {bed.Emulator.Audit.Writes()}");
        op.Metrics.Registry.Render().Should().Contain("controller_runtime_reconcile_total");
    }
}
