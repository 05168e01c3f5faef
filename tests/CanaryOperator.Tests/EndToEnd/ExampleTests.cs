using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>The repository's other examples (examples/istio-host-split/, examples/basic-canary/), applied in place.</summary>
public sealed class ExampleTests
{
    [Fact]
    public async Task Istio_host_split_moves_service_selectors_and_weights_through_every_step()
    {
        const string Ns = "istio-argo-rollouts";
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await ApplyExampleAsync(bed, "istio-host-split");
        await bed.StartOperatorAsync();
        const string Ro = "rollouts-demo";
        using var weights = new WeightRecorder(bed, Ns, "rollouts-demo-vs1", "route-one", "rollouts-demo-canary");

        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Healthy
                                      && IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")) is not null, TimeSpan.FromMinutes(1), "Healthy");
        var h1 = Status(bed, Ns, Ro, "stableRS")!;
        IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-canary")).Should().Be(h1);
        IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")).Should().Be(h1);

        await bed.PatchRolloutAsync(Ns, Ro, """{"spec":{"template":{"spec":{"containers":[{"name":"rollouts-demo","image":"argoproj/rollouts-demo:red"}]}}}}""");
        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Paused, TimeSpan.FromMinutes(1), "Paused");
        var h2 = Status(bed, Ns, Ro, "currentPodHash")!;
        IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-canary")).Should().Be(h2);
        IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")).Should().Be(h1);
        IstioState.HttpWeights(bed.VirtualService(Ns, "rollouts-demo-vs1"), "route-one")["rollouts-demo-canary"].Should().Be(20);

        await bed.PatchRolloutStatusAsync(Ns, Ro, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Healthy && Status(bed, Ns, Ro, "stableRS") == h2
                                      && IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")) == h2, TimeSpan.FromMinutes(3), "promoted");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(2));
        IstioState.HttpWeights(bed.VirtualService(Ns, "rollouts-demo-vs1"), "route-one")["rollouts-demo-canary"].Should().Be(0);
        IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-canary")).Should().Be(h2);
        weights.Sequence.Should().Equal(20, 40, 60, 80, 100, 0);
        weights.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Basic_canary_example_keeps_five_available_and_promotes()
    {
        const string Ns = "basic-canary";
        const string Ro = "basic-canary";
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await ApplyExampleAsync(bed, "basic-canary");
        await bed.StartOperatorAsync();
        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Healthy, TimeSpan.FromMinutes(1), "Healthy");
        var h1 = Status(bed, Ns, Ro, "stableRS")!;

        await bed.PatchRolloutAsync(Ns, Ro, """{"spec":{"template":{"spec":{"containers":[{"name":"basic-canary","image":"argoproj/rollouts-demo:red"}]}}}}""");
        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Paused, TimeSpan.FromMinutes(1), "Paused");
        var h2 = Status(bed, Ns, Ro, "currentPodHash")!;
        bed.PodCount(Ns, h2).Should().Be(1);
        bed.PodCount(Ns, h1).Should().Be(4);

        await bed.PatchRolloutStatusAsync(Ns, Ro, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => bed.Phase(Ns, Ro) == RolloutPhases.Healthy && Status(bed, Ns, Ro, "stableRS") == h2 && bed.PodCount(Ns, h1) == 0,
            TimeSpan.FromMinutes(5), "promoted");
        bed.PodCount(Ns, h2).Should().Be(5);
    }

    private static async Task ApplyExampleAsync(Testbed bed, string example)
    {
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("examples", example), "*.yaml").Order(StringComparer.Ordinal))
        {
            await bed.ApplyFileAsync(file);
        }
    }

    private static string? Status(Testbed bed, string ns, string ro, string field) => bed.Rollout(ns, ro)?["status"]?[field]?.GetValue<string>();
}
