using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>Scripts over the seed manifests, for the crash-safety and fault tests.</summary>
internal static class SeedScripts
{
    /// <summary>Healthy → blue→red → Paused at step 1 → promote → fully promoted and the old ReplicaSet scaled to 0.</summary>
    public static ScenarioScript BlueToRed()
    {
        string? h1 = null;
        return new ScenarioScript("seed blue→red",
        [
            new("revision 1 Healthy", bed =>
            {
                if (bed.Phase(Namespace, RolloutName) != RolloutPhases.Healthy
                    || IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") is null)
                {
                    return false;
                }

                h1 = Status(bed, "stableRS");
                return true;
            }, bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red")),
            new("paused at step 1", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && Status(bed, "currentPodHash") != h1
                                           && bed.Rollout(Namespace, RolloutName)?["status"]?["currentStepIndex"]?.GetValue<int>() == 1,
                bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch)),
            new("fully promoted, old ReplicaSet at 0", bed => FullyPromoted(bed, h1)),
        ]);
    }

    /// <summary>Paused at step 1 → abort → Degraded with VS 100/0 and the canary drained → retry → paused at 20 % again.</summary>
    public static ScenarioScript AbortAndRetry()
    {
        string? h1 = null;
        string? h2 = null;
        return new ScenarioScript("seed abort/retry",
        [
            new("revision 1 Healthy", bed =>
            {
                h1 = bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy ? Status(bed, "stableRS") : null;
                return h1 is not null && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") is not null;
            }, bed => bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red")),
            new("paused at step 1", bed =>
            {
                h2 = Status(bed, "currentPodHash");
                return bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && h2 != h1;
            }, bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.AbortPatch)),
            new("aborted: Degraded, 100/0, canary drained", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Degraded
                                                                   && Weights(bed) is (100, 0) && bed.PodCount(Namespace, h2!) == 0,
                bed => bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.RetryPatch)),
            new("retried: paused at 80/20 again", bed => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && Weights(bed) is (80, 20)),
        ]);
    }

    public static bool FullyPromoted(Testbed bed, string? oldHash)
    {
        var stable = Status(bed, "stableRS");
        return oldHash is not null && stable is not null && stable != oldHash && stable == Status(bed, "currentPodHash")
               && bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
               && Weights(bed) is (100, 0)
               && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") == stable
               && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "canary") == stable
               && bed.PodCount(Namespace, oldHash) == 0;
    }

    /// <summary>(stable, canary) weights of the seed route.</summary>
    public static (int Stable, int Canary) Weights(Testbed bed)
    {
        var w = IstioState.HttpWeights(bed.VirtualService(Namespace, VirtualService), Route);
        return (w.GetValueOrDefault("stable"), w.GetValueOrDefault("canary"));
    }

    /// <summary>The state every run of a scenario must end in, as comparable text.</summary>
    public static string Fingerprint(Testbed bed)
    {
        var status = bed.Rollout(Namespace, RolloutName)?["status"];
        var rs = string.Join(",", bed.ReplicaSets(Namespace, RolloutName)
            .Select(r => $"{r["metadata"]?["labels"]?[RolloutLabels.PodTemplateHash]}={r["spec"]?["replicas"]}"));
        var dr = bed.DestinationRule(Namespace, DestinationRule);
        return $"phase={status?["phase"]} stable={status?["stableRS"]} current={status?["currentPodHash"]} step={status?["currentStepIndex"]} " +
               $"weights={Weights(bed)} dr={IstioState.SubsetHash(dr, "stable")}/{IstioState.SubsetHash(dr, "canary")} rs=[{rs}]";
    }

    private static string? Status(Testbed bed, string field) => bed.Rollout(Namespace, RolloutName)?["status"]?[field]?.GetValue<string>();
}
