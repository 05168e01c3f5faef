using System.Text;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.TestSupport;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// One end-to-end scenario the fault tests replay: its manifests, the user's script and the namespace, Rollout and
/// VirtualService route whose weights must always sum to 100.
/// </summary>
internal sealed record FaultScenario(
    string Name,
    Func<Testbed, Task> Apply,
    Func<ScenarioScript> Script,
    string Namespace,
    string Rollout,
    string? VirtualService,
    string? Route,
    string CanaryKey,
    bool SimulateHpa = false);

/// <summary>
/// Every end-to-end scenario of issue 5 as a script (seed, HPA, dynamicStableScale, abort/retry, promote-full, a
/// second image change mid-update, host-level split, basic canary), for the fault tests. The scripts state only the
/// user's gestures and the states they wait for; the final state is compared as <see cref="Fingerprint"/>.
/// </summary>
internal static class FaultScenarios
{
    private const string HostSplitVirtualService = "rollouts-demo-vs1";

    public static IReadOnlyList<FaultScenario> All { get; } =
    [
        Seed("seed", () => SeedScripts.BlueToRed()),
        new("hpa", ApplyWithHpaAsync, Hpa, Namespace, RolloutName, VirtualService, Route, "canary", SimulateHpa: true),
        new("dynamic-stable-scale", bed => bed.ApplyAsync(Fallback.Replace("      steps:", "      dynamicStableScale: true\n      steps:", StringComparison.Ordinal)),
            () => PromoteAfterFirstPause("dynamicStableScale", RolloutCommands.ClearPauseConditionsPatch), Namespace, RolloutName, VirtualService, Route, "canary"),
        Seed("abort-retry", () => SeedScripts.AbortAndRetry()),
        Seed("promote-full", () => PromoteAfterFirstPause("promote-full", RolloutCommands.PromoteFullPatch)),
        Seed("mid-update-change", MidUpdateChange),
        new("host-split", ApplyHostSplitAsync, HostSplit, "istio-argo-rollouts", "rollouts-demo", HostSplitVirtualService, "route-one", "rollouts-demo-canary"),
        new("basic", bed => bed.ApplyAsync(BasicCanaryManifests()), () => PromoteAfterFirstPause("basic", RolloutCommands.ClearPauseConditionsPatch),
            Namespace, RolloutName, null, null, "canary"),
    ];

    public static FaultScenario Named(string name) => All.Single(s => s.Name == name);

    /// <summary>The state every run of a scenario must end in: Rollout status, ReplicaSet sizes, routes, subsets, selectors.</summary>
    public static string Fingerprint(Testbed bed, FaultScenario scenario)
    {
        var ns = scenario.Namespace;
        var status = bed.Rollout(ns, scenario.Rollout)?["status"];
        var sb = new StringBuilder();
        sb.Append($"phase={status?["phase"]} stable={status?["stableRS"]} current={status?["currentPodHash"]} step={status?["currentStepIndex"]} abort={status?["abort"]}");
        sb.Append(" rs=[").AppendJoin(",", bed.ReplicaSets(ns, scenario.Rollout)
            .Select(r => $"{r["metadata"]?["labels"]?[RolloutLabels.PodTemplateHash]}={r["spec"]?["replicas"]}")).Append(']');
        foreach (var (key, obj) in bed.Emulator.Store.Snapshot().Where(o => o.Object["metadata"]?["namespace"]?.GetValue<string>() == ns)
                     .OrderBy(o => o.StorageKey, StringComparer.Ordinal).ThenBy(o => o.Object["metadata"]?["name"]?.GetValue<string>(), StringComparer.Ordinal))
        {
            var name = obj["metadata"]?["name"]?.GetValue<string>();
            switch (key)
            {
                case "virtualservices.networking.istio.io":
                    sb.Append($" vs/{name}=").AppendJoin(";", (obj["spec"]?["http"] as JsonArray ?? []).OfType<JsonObject>()
                        .Select(r => string.Join("/", IstioState.RouteWeightsOf(r).Select(kv => $"{kv.Key}:{kv.Value}"))));
                    break;
                case "destinationrules.networking.istio.io":
                    sb.Append($" dr/{name}=").AppendJoin(";", (obj["spec"]?["subsets"] as JsonArray ?? []).OfType<JsonObject>()
                        .Select(s => $"{s["name"]}:{s["labels"]?[RolloutLabels.PodTemplateHash]}"));
                    break;
                case "services":
                    sb.Append($" svc/{name}={IstioState.SelectorHash(obj)}");
                    break;
            }
        }

        return sb.ToString();
    }

    private static FaultScenario Seed(string name, Func<ScenarioScript> script) =>
        new(name, bed => bed.ApplyAsync(Load().Yaml), script, Namespace, RolloutName, VirtualService, Route, "canary");

    /// <summary>Healthy → blue→red → paused at step 1 → <paramref name="gesture"/> → fully promoted, old ReplicaSet at 0.</summary>
    private static ScenarioScript PromoteAfterFirstPause(string name, string gesture)
    {
        string? h1 = null;
        return new ScenarioScript(name,
        [
            new("revision 1 Healthy", bed => (h1 = bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy ? Status(bed, "stableRS") : null) is not null,
                bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red")),
            new("paused at step 1", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && Status(bed, "currentPodHash") != h1,
                bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, gesture)),
            new("promoted, old ReplicaSet at 0", bed => Status(bed, "stableRS") is { } stable && stable != h1 && stable == Status(bed, "currentPodHash")
                                                        && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy && bed.PodCount(Namespace, h1!) == 0),
        ]);
    }

    /// <summary>HPA 5 → 2, blue→red paused at 20 %, HPA → 6 mid-update, promote-full: promoted at 6.</summary>
    private static ScenarioScript Hpa()
    {
        string? h2 = null;
        return new ScenarioScript("hpa",
        [
            new("Healthy at 5", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy,
                bed =>
                {
                    bed.Emulator.Hpa.SetMetric(Namespace, "Rollout", RolloutName, 2);
                    return Task.CompletedTask;
                }),
            new("scaled to 2", bed => SpecReplicas(bed) == 2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && bed.PodCount(Namespace, Status(bed, "stableRS")!) == 2,
                bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red")),
            new("paused at 20 %", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && (h2 = Status(bed, "currentPodHash")) != Status(bed, "stableRS"),
                bed =>
                {
                    bed.Emulator.Hpa.SetMetric(Namespace, "Rollout", RolloutName, 100);
                    return Task.CompletedTask;
                }),
            new("scaled to 6 mid-update", bed => SpecReplicas(bed) == 6 && bed.PodCount(Namespace, Status(bed, "stableRS")!) == 6 && bed.PodCount(Namespace, h2!) == 2,
                bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.PromoteFullPatch)),
            new("promoted at 6", bed => Status(bed, "stableRS") == h2 && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy && bed.PodCount(Namespace, h2!) == 6),
        ]);
    }

    /// <summary>blue→red, promoted to 40 %, then green: the red canary is replaced and green pauses at 20 %.</summary>
    private static ScenarioScript MidUpdateChange()
    {
        string? h1 = null;
        string? h2 = null;
        return new ScenarioScript("mid-update-change",
        [
            new("revision 1 Healthy", bed => (h1 = bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy ? Status(bed, "stableRS") : null) is not null,
                bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red")),
            new("paused on red", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && (h2 = Status(bed, "currentPodHash")) != h1,
                bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch)),
            new("at 40 %", bed => SeedScripts.Weights(bed).Canary == 40,
                bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:green")),
            new("paused at 20 % on green, red drained", bed => Status(bed, "currentPodHash") is { } h3 && h3 != h2 && h3 != h1
                                                              && bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && SeedScripts.Weights(bed) == (80, 20)
                                                              && bed.PodCount(Namespace, h2!) == 0),
        ]);
    }

    /// <summary>examples/istio-host-split: red through the Rollout's template, promoted: both Services on the new hash, canary at 0.</summary>
    private static ScenarioScript HostSplit()
    {
        const string Ns = "istio-argo-rollouts";
        const string Ro = "rollouts-demo";
        string? h1 = null;
        return new ScenarioScript("host-split",
        [
            new("Healthy", bed => (h1 = bed.Phase(Ns, Ro) == RolloutPhases.Healthy && IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")) is not null
                                     ? bed.Rollout(Ns, Ro)?["status"]?["stableRS"]?.GetValue<string>() : null) is not null,
                bed => bed.PatchRolloutAsync(Ns, Ro, """{"spec":{"template":{"spec":{"containers":[{"name":"rollouts-demo","image":"argoproj/rollouts-demo:red"}]}}}}""")),
            new("Paused", bed => bed.Phase(Ns, Ro) == RolloutPhases.Paused && bed.Rollout(Ns, Ro)?["status"]?["currentPodHash"]?.GetValue<string>() != h1,
                bed => bed.PatchRolloutStatusAsync(Ns, Ro, RolloutCommands.ClearPauseConditionsPatch)),
            new("promoted, canary weight 0", bed => bed.Rollout(Ns, Ro)?["status"]?["stableRS"]?.GetValue<string>() is { } stable && stable != h1
                                                    && bed.Phase(Ns, Ro) == RolloutPhases.Healthy
                                                    && IstioState.SelectorHash(bed.Service(Ns, "rollouts-demo-stable")) == stable
                                                    && IstioState.HttpWeights(bed.VirtualService(Ns, HostSplitVirtualService), "route-one")
                                                        .GetValueOrDefault("rollouts-demo-canary") == 0),
        ]);
    }

    private static async Task ApplyWithHpaAsync(Testbed bed)
    {
        await bed.ApplyAsync(Fallback);
        await bed.ApplyAsync(SeedScenario.Hpa);
    }

    private static async Task ApplyHostSplitAsync(Testbed bed)
    {
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("examples", "istio-host-split"), "*.yaml").Order(StringComparer.Ordinal))
        {
            await bed.ApplyFileAsync(file);
        }
    }

    /// <summary>The seed's fallback manifests without <c>trafficRouting</c>: a basic canary that scales by weight.</summary>
    private static string BasicCanaryManifests()
    {
        var start = Fallback.IndexOf("      trafficRouting:", StringComparison.Ordinal);
        var end = Fallback.IndexOf("      steps:", StringComparison.Ordinal);
        return Fallback[..start] + Fallback[end..];
    }

    private static string? Status(Testbed bed, string field) => bed.Rollout(Namespace, RolloutName)?["status"]?[field]?.GetValue<string>();

    private static int? SpecReplicas(Testbed bed) => bed.Rollout(Namespace, RolloutName)?["spec"]?["replicas"]?.GetValue<int>();
}
