using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Argo Rollouts' header-route and mirror-route e2e fixtures (reference/argo-rollouts/e2e/header-routing/ and
/// mirror-route/, loaded in place), replayed against the real operator with the assertions their README lists
/// (<c>TestIstioHostHeaderRoute</c>, <c>TestIstioHostMirrorRoute</c>). Destinations are found by host, as there.
/// </summary>
public sealed class ArgoManagedRouteFixtureTests
{
    private const string Ns = "default";
    private const string Rollout = "rollouts-demo";
    private const string Vs = "rollouts-demo-vsvc";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TestIstioHostHeaderRoute()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyFileAsync(Fixture("header-routing", "istio-hr-host.yaml"));
        await bed.StartOperatorAsync();

        await bed.RunUntilAsync(() => Healthy(bed), Minute, "Healthy");
        Names(bed)[0].Should().Be("primary");

        await ArgoIstioFixtureTests.UpdateSpec(bed, Rollout);
        await bed.RunUntilAsync(() => PausedAt(bed, 2), Minute, "Paused at the first pause");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Names(bed).Should().Equal("set-header-1", "primary");
        Weight(Route(bed, 0), "canary-service").Should().Be(100);
        ((string?)Route(bed, 0)["match"]![0]!["headers"]!["agent"]!["regex"]).Should().Be("firefox(.*)");
        Weight(Route(bed, 1), "stable-service").Should().Be(80);
        Weight(Route(bed, 1), "canary-service").Should().Be(20);

        await Promote(bed);
        await bed.RunUntilAsync(() => PausedAt(bed, 4), Minute, "Paused at the second pause");
        ((string?)Route(bed, 0)["match"]![0]!["headers"]!["agent"]!["regex"]).Should().Be("chrome(.*)");
        await Promote(bed);
        await bed.RunUntilAsync(() => PausedAt(bed, 7), Minute, "Paused at the third pause");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Names(bed).Should().Equal("primary");
        Weight(Route(bed, 0), "stable-service").Should().Be(60);
        Weight(Route(bed, 0), "canary-service").Should().Be(40);

        await bed.PatchRolloutStatusAsync(Ns, Rollout, RolloutCommands.PromoteFullPatch);
        await bed.RunUntilAsync(() => Healthy(bed) && Stable(bed) == Current(bed), Minute, "Healthy after promote --full");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Weight(Route(bed, 0), "stable-service").Should().Be(100);
        Weight(Route(bed, 0), "canary-service").Should().Be(0);
        ((JsonObject)bed.VirtualService(Ns, Vs)!["spec"]!)["gateways"]!.AsArray().Select(g => (string?)g).Should().Equal("rollouts-demo-gateway");
    }

    [Fact]
    public async Task TestIstioHostMirrorRoute()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyFileAsync(Fixture("mirror-route", "istio-mirror-host.yaml"));
        await bed.StartOperatorAsync();

        await bed.RunUntilAsync(() => Healthy(bed), Minute, "Healthy");
        Names(bed)[0].Should().Be("primary");

        await ArgoIstioFixtureTests.UpdateSpec(bed, Rollout);
        await bed.RunUntilAsync(() => PausedAt(bed, 3), Minute, "Paused at the first pause");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Names(bed).Should().Equal("mirror-route-1", "mirror-route-2", "primary");
        ((int)Route(bed, 0)["mirrorPercentage"]!["value"]!).Should().Be(100);
        ((int)Route(bed, 1)["mirrorPercentage"]!["value"]!).Should().Be(80);
        for (var i = 0; i < 3; i++)
        {
            Weight(Route(bed, i), "stable-service").Should().Be(80);
            Weight(Route(bed, i), "canary-service").Should().Be(20);
        }

        await Promote(bed);
        await bed.RunUntilAsync(() => PausedAt(bed, 5), Minute, "Paused at the second pause");
        await Promote(bed);
        await bed.RunUntilAsync(() => PausedAt(bed, 8), Minute, "Paused at the third pause");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Names(bed).Should().Equal("mirror-route-2", "primary");
        foreach (var i in new[] { 0, 1 })
        {
            Weight(Route(bed, i), "stable-service").Should().Be(60);
            Weight(Route(bed, i), "canary-service").Should().Be(40);
        }

        await bed.PatchRolloutStatusAsync(Ns, Rollout, RolloutCommands.PromoteFullPatch);
        await bed.RunUntilAsync(() => Healthy(bed) && Stable(bed) == Current(bed), Minute, "Healthy after promote --full");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(1));
        Names(bed).Should().Equal("primary");
        Weight(Route(bed, 0), "stable-service").Should().Be(100);
        Weight(Route(bed, 0), "canary-service").Should().Be(0);
    }

    private static string Fixture(string folder, string file) => Path.Combine(RepoPaths.Reference, "argo-rollouts", "e2e", folder, file);

    private static Task Promote(Testbed bed) => bed.PatchRolloutStatusAsync(Ns, Rollout, RolloutCommands.ClearPauseConditionsPatch);

    private static bool Healthy(Testbed bed) => bed.Phase(Ns, Rollout) == RolloutPhases.Healthy;

    private static bool PausedAt(Testbed bed, int index) =>
        bed.Phase(Ns, Rollout) == RolloutPhases.Paused && bed.Rollout(Ns, Rollout)?["status"]?["currentStepIndex"]?.GetValue<int>() == index;

    private static string? Stable(Testbed bed) => bed.Rollout(Ns, Rollout)?["status"]?["stableRS"]?.GetValue<string>();

    private static string? Current(Testbed bed) => bed.Rollout(Ns, Rollout)?["status"]?["currentPodHash"]?.GetValue<string>();

    private static JsonArray Http(Testbed bed) => bed.VirtualService(Ns, Vs)!["spec"]!["http"]!.AsArray();

    private static List<string> Names(Testbed bed) => [.. Http(bed).Select(r => (string?)r!["name"] ?? "")];

    private static JsonObject Route(Testbed bed, int index) => Http(bed)[index]!.AsObject();

    // assertDestination: the weight of the destination with that host (absent weight = 0).
    private static int Weight(JsonObject route, string host) =>
        route["route"]!.AsArray().Single(d => (string?)d!["destination"]!["host"] == host)!["weight"]?.GetValue<int>() ?? 0;
}
