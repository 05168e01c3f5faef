using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using FluentAssertions;
using Xunit;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// The seed scenario's variants from issue 5: HPA (min 2 / max 6), dynamicStableScale, abort/retry, promote-full, a
/// second image change mid-update, and a basic canary without traffic routing. Built from the seed's fallback manifests
/// with one edit each, so every variant differs from the seed in exactly the feature it tests.
/// </summary>
public sealed class SeedVariantTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task With_an_HPA_replica_counts_follow_spec_replicas_written_through_scale()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false, simulateHpa: true);
        await StartHealthyAsync(bed, Fallback, SeedScenario.Hpa);

        // Low load: the HPA scales the Rollout to its minimum through /scale; the stable ReplicaSet follows.
        bed.Emulator.Hpa.SetMetric(Namespace, "Rollout", RolloutName, 2);
        await bed.RunUntilAsync(() => SpecReplicas(bed) == 2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && bed.PodCount(Namespace, Status(bed, "stableRS")!) == 2, TimeSpan.FromMinutes(2), "scaled to 2");
        bed.Rollout(Namespace, RolloutName)!["status"]!["HPAReplicas"]!.GetValue<int>().Should().Be(2);
        bed.Rollout(Namespace, RolloutName)!["status"]!["selector"]!.GetValue<string>().Should().Be("app=rollouts-demo");

        var h2 = await PauseOnRedAsync(bed);
        bed.PodCount(Namespace, h2).Should().Be(1, "ceil(20 % of 2)");
        bed.PodCount(Namespace, Status(bed, "stableRS")!).Should().Be(2);

        // High load mid-update: HPA raises to 6; weights stay, replica counts follow.
        bed.Emulator.Hpa.SetMetric(Namespace, "Rollout", RolloutName, 100);
        await bed.RunUntilAsync(() => SpecReplicas(bed) == 6 && bed.PodCount(Namespace, Status(bed, "stableRS")!) == 6
                                      && bed.PodCount(Namespace, h2) == 2, TimeSpan.FromMinutes(2), "scaled to 6");
        SeedScripts.Weights(bed).Should().Be((80, 20));
        bed.Phase(Namespace, RolloutName).Should().Be(RolloutPhases.Paused);

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.PromoteFullPatch);
        await bed.RunUntilAsync(() => Status(bed, "stableRS") == h2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && bed.PodCount(Namespace, h2) == 6, TimeSpan.FromMinutes(2), "promoted at 6");
    }

    [Fact]
    public async Task With_dynamicStableScale_the_stable_shrinks_behind_the_traffic_and_goes_to_zero_without_delay()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        var h1 = await StartHealthyAsync(bed, Fallback.Replace("      steps:", "      dynamicStableScale: true\n      steps:", StringComparison.Ordinal));

        var h2 = await PauseOnRedAsync(bed, () => bed.PodCount(Namespace, h1) == 4);
        bed.PodCount(Namespace, h2).Should().Be(1);
        SeedScripts.Weights(bed).Should().Be((80, 20));

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => Status(bed, "stableRS") == h2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy, TimeSpan.FromMinutes(2), "promoted");
        var promotedAt = bed.Clock.GetUtcNow();
        await bed.RunUntilAsync(() => bed.PodCount(Namespace, h1) == 0, TimeSpan.FromSeconds(20), "old stable at 0");
        (bed.Clock.GetUtcNow() - promotedAt).Should().BeLessThan(TimeSpan.FromSeconds(30), "DSS scales the old stable down without the 30 s delay");
    }

    [Fact]
    public async Task Abort_goes_to_100_0_at_once_is_Degraded_drains_the_canary_after_the_delay_and_retry_restarts_at_step_0()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        var h1 = await StartHealthyAsync(bed, Fallback);
        var h2 = await PauseOnRedAsync(bed);

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.AbortPatch);
        var abortedAt = bed.Clock.GetUtcNow();
        await bed.RunUntilAsync(() => SeedScripts.Weights(bed) == (100, 0) && bed.Phase(Namespace, RolloutName) == RolloutPhases.Degraded, TimeSpan.FromSeconds(5), "100/0 Degraded");
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h2, "abort does not move the DR");
        bed.Rollout(Namespace, RolloutName)!["status"]!["currentStepIndex"]!.GetValue<int>().Should().Be(0);
        bed.PodCount(Namespace, h2).Should().Be(1, "the canary waits out abortScaleDownDelaySeconds");
        await bed.RunUntilAsync(() => bed.PodCount(Namespace, h2) == 0, Minute, "canary drained");
        // The scale-down-deadline annotation is RFC 3339 with whole seconds, so the wait may be up to 1 s shorter.
        (bed.Clock.GetUtcNow() - abortedAt).Should().BeGreaterThan(TimeSpan.FromSeconds(29));
        bed.PodCount(Namespace, h1).Should().Be(5);

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.RetryPatch);
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && SeedScripts.Weights(bed) == (80, 20), Minute, "retried");
        bed.PodCount(Namespace, h2).Should().Be(1);
    }

    [Fact]
    public async Task Promote_full_skips_the_remaining_steps()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        using var weights = new WeightRecorder(bed, Namespace, VirtualService, Route, "canary");
        await StartHealthyAsync(bed, Fallback);
        var h2 = await PauseOnRedAsync(bed);

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.PromoteFullPatch);
        await bed.RunUntilAsync(() => Status(bed, "stableRS") == h2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && SeedScripts.Weights(bed) == (100, 0), Minute, "fully promoted");
        weights.Sequence.Should().NotContain([40, 60, 80], "promote-full skips the remaining setWeight steps");
        weights.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task A_second_image_change_mid_update_replaces_the_canary_and_pauses_again_at_20_percent()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        var h1 = await StartHealthyAsync(bed, Fallback);
        var h2 = await PauseOnRedAsync(bed);
        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => SeedScripts.Weights(bed).Canary == 40, Minute, "at 40 %");

        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:green");
        await bed.RunUntilAsync(() => Status(bed, "currentPodHash") is { } h3 && h3 != h2 && h3 != h1
                                      && bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && SeedScripts.Weights(bed) == (80, 20)
                                      && bed.PodCount(Namespace, h2) == 0, TimeSpan.FromMinutes(2), "paused at 20 % on green, red drained");
        var h3 = Status(bed, "currentPodHash")!;
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary").Should().Be(h3);
        IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable").Should().Be(h1);
        bed.PodCount(Namespace, h3).Should().Be(1);
        Status(bed, "stableRS").Should().Be(h1);
    }

    [Fact]
    public async Task Basic_canary_without_traffic_routing_scales_by_weight_and_drops_the_old_revision_at_the_end()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        var basic = Fallback.Replace(TrafficRoutingYaml + "\n", "", StringComparison.Ordinal);
        basic.Should().NotContain("trafficRouting");
        var h1 = await StartHealthyAsync(bed, basic);
        var h2 = await PauseOnRedAsync(bed);
        bed.PodCount(Namespace, h2).Should().Be(1, "20 % of 5");
        bed.PodCount(Namespace, h1).Should().Be(4, "the basic canary shrinks the stable to keep the total at 5");
        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => Status(bed, "stableRS") == h2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && bed.PodCount(Namespace, h1) == 0, TimeSpan.FromMinutes(2), "promoted");
        bed.PodCount(Namespace, h2).Should().Be(5);
    }

    /// <summary>Applies the manifests, starts the operator and waits for revision 1 to be Healthy; returns its hash.</summary>
    private static async Task<string> StartHealthyAsync(Testbed bed, params string[] manifests)
    {
        foreach (var manifest in manifests)
        {
            await bed.ApplyAsync(manifest);
        }

        await bed.StartOperatorAsync();
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy, Minute, "Healthy");
        return Status(bed, "stableRS")!;
    }

    /// <summary>
    /// The user's image change to red, then the first pause (step 1, 20 %), when <paramref name="also"/> holds too;
    /// returns the canary's hash.
    /// </summary>
    private static async Task<string> PauseOnRedAsync(Testbed bed, Func<bool>? also = null)
    {
        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && (also?.Invoke() ?? true), Minute, "Paused on red");
        return Status(bed, "currentPodHash")!;
    }

    private static string? Status(Testbed bed, string field) => bed.Rollout(Namespace, RolloutName)?["status"]?[field]?.GetValue<string>();

    private static int? SpecReplicas(Testbed bed) => bed.Rollout(Namespace, RolloutName)?["spec"]?["replicas"]?.GetValue<int>();
}
