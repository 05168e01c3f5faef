using System.Text.Json.Nodes;

namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>
/// The snapshot scenario: <c>rollouts-demo</c>, 5 replicas, the eight webinar steps, paused at step 1/8 (the
/// indefinite pause after setWeight 20) with Istio weights stable 80 / canary 20; canary RS revision 2 (1 pod),
/// stable RS revision 1 (4 pods).
/// </summary>
public static class PausedAtStepOne
{
    public const string Name = "rollouts-demo";
    public const string CanaryHash = "6cf78c66c5";
    public const string StableHash = "687d76d795";

    public static JsonObject Rollout() => RolloutBuilder.Rollout(Name, RolloutBuilder.EightSteps());

    public static JsonObject Status() => new()
    {
        ["currentStepIndex"] = 1,
        ["currentPodHash"] = CanaryHash,
        ["stableRS"] = StableHash,
        ["controllerPause"] = true,
        ["pauseConditions"] = new JsonArray(new JsonObject { ["reason"] = "CanaryPauseStep", ["startTime"] = "2026-11-27T10:00:00Z" }),
        ["phase"] = "Paused",
        ["message"] = "CanaryPauseStep",
        ["replicas"] = 5,
        ["updatedReplicas"] = 1,
        ["readyReplicas"] = 5,
        ["availableReplicas"] = 5,
        ["observedGeneration"] = "1",
        ["canary"] = new JsonObject
        {
            ["weights"] = new JsonObject
            {
                ["canary"] = new JsonObject { ["weight"] = 20, ["podTemplateHash"] = CanaryHash },
                ["stable"] = new JsonObject { ["weight"] = 80, ["podTemplateHash"] = StableHash },
            },
        },
    };

    public static JsonObject[] ReplicaSets(string rolloutUid) =>
    [
        RolloutBuilder.ReplicaSet(Name, rolloutUid, CanaryHash, "2", "argoproj/rollouts-demo:yellow", replicas: 1, ready: 1, available: 1),
        RolloutBuilder.ReplicaSet(Name, rolloutUid, StableHash, "1", "argoproj/rollouts-demo:blue", replicas: 4, ready: 4, available: 4),
    ];

    /// <summary>Creates the rollout, its status and both ReplicaSets in the emulator.</summary>
    public static async Task CreateAsync(PluginHarness harness)
    {
        var uid = await harness.CreateRolloutAsync(Rollout(), Status());
        foreach (var rs in ReplicaSets(uid))
        {
            await harness.CreateReplicaSetAsync(rs);
        }
    }

    /// <summary>What <c>kubectl canary get rollouts-demo</c> prints for it.</summary>
    public const string Snapshot = """
        Name:           rollouts-demo
        Namespace:      default
        Revision:       2
        Status:         Paused
        Message:        CanaryPauseStep
        Strategy:       Canary
          Step:         1/8
          Current step: steps[1] pause (until promoted)
          SetWeight:    20
          Weights:      stable 80, canary 20
        Images:         argoproj/rollouts-demo:yellow (canary)
                        argoproj/rollouts-demo:blue (stable)
        Replicas:
          Desired:      5
          Current:      5
          Updated:      1
          Ready:        5
          Available:    5
        Paused:         CanaryPauseStep since 2026-11-27T10:00:00Z
        To continue:    continue with 'kubectl canary promote rollouts-demo -n default' (or 'kubectl canary promote rollouts-demo -n default --full' to skip all steps)

        NAME                              KIND        INFO    DESIRED  READY  AVAILABLE
        rollouts-demo                     Rollout     Paused  5        5/5    5/5
        ├── revision:2
        │   └── rollouts-demo-6cf78c66c5  ReplicaSet  canary  1        1/1    1/1
        └── revision:1
            └── rollouts-demo-687d76d795  ReplicaSet  stable  4        4/4    4/4

        """;
}
