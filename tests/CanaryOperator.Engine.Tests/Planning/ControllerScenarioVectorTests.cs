using System.Text.Json.Nodes;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Tests.Vectors;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;
using static CanaryOperator.Engine.Tests.Planning.VectorSnapshots;

namespace CanaryOperator.Engine.Tests.Planning;

/// <summary>
/// <c>controller_scenarios.json</c> (36 vectors, Go controller tests): each vector is rebuilt as a snapshot, planned,
/// and its expectations checked on the plan. Vectors we deliberately do not follow are listed in
/// <see cref="Deviations"/> with the reason; the test asserts they still differ (so the list stays honest).
/// </summary>
public sealed class ControllerScenarioVectorTests
{
    private const string File = "controller_scenarios.json";

    /// <summary>Vector index → why we differ from Argo.</summary>
    public static readonly IReadOnlyDictionary<int, string> Deviations = new Dictionary<int, string>
    {
        [6] = "experiment steps are not run by this operator, so no experiment WeightDestination is added",
        [9] = "improvement: after an abort the canary weight is 0 at once (Argo steps back to 50 with dynamicStableScale)",
        [10] = "improvement: after an abort the canary weight is 0 at once (Argo follows stable availability to 80)",
    };

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Fact]
    public void Deviation_list_is_exactly_these_vectors() =>
        Deviations.Keys.Should().BeEquivalentTo([6, 9, 10]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector(string file, int index, string description)
    {
        description.Should().NotBeNullOrEmpty();
        var vector = VectorFile.Get(file, index);
        var expected = vector["expected"]!.AsObject();
        if (Deviations.ContainsKey(index))
        {
            var act = () => Check(index, vector, expected);
            act.Should().Throw<Exception>("vector {0} is listed as a deviation: {1}", index, Deviations[index]);
            return;
        }

        Check(index, vector, expected);
    }

    private static void Check(int index, JsonObject vector, JsonObject expected)
    {
        switch ((string)vector["function"]!)
        {
            case "IsDynamicallyRollingBackToStable":
                RollingBack(vector, expected);
                return;
        }

        switch (index)
        {
            case 17:
                EarlyResetComesFirst(vector);
                return;
            case 18:
                RollbackWindowDelaysDestinationRule(vector, expected);
                return;
        }

        var (snapshot, plan) = PlanFor(index, vector);
        var stable = snapshot.ReplicaSets.FirstOrDefault(r => r.PodTemplateHash == snapshot.Rollout.Status?.StableRS);
        var current = snapshot.ReplicaSets.Single(r => r.Template!.Spec.Containers[0].Image == Image);

        foreach (var (key, value) in expected)
        {
            switch (key)
            {
                case "setWeightCalledWith":
                    CanaryWeight(snapshot, plan).Should().Be((int)value!, "the canary destination ends at the desired weight");
                    break;
                case "setWeightCalled" when (bool)value! == false:
                    plan.Actions.OfType<UpdateVirtualService>().Should().BeEmpty();
                    break;
                case "updateHashCalled" when (bool)value! == false:
                    plan.Actions.OfType<UpdateDestinationRule>().Should().BeEmpty();
                    break;
                case "updateHashArgs":
                    var (canaryLabel, stableLabel) = Subsets(snapshot, plan);
                    canaryLabel.Should().Be(Hash(index, (string)value!["canaryHash"]!));
                    stableLabel.Should().Be(Hash(index, (string)value["stableHash"]!));
                    break;
                case "canaryRSUpdated" or "newCanaryScaledUp":
                    plan.Actions.OfType<ScaleReplicaSet>().Should().Contain(a => a.Name == current.Name && a.Replicas > current.SpecReplicas);
                    break;
                case "stableRSScaledTo":
                    var stableTarget = index is 13 or 14 ? current : stable!;
                    plan.Actions.OfType<ScaleReplicaSet>().Should().Contain(a => a.Name == stableTarget.Name && a.Replicas == (int)value!);
                    break;
                case "stableRSUpdated":
                    plan.Actions.OfType<ScaleReplicaSet>().Should().Contain(a => a.Name == stable!.Name);
                    break;
                case "canaryServiceSelectorSwitchedToStable":
                    plan.Actions.OfType<SetServiceSelector>().Should().Contain(a => a.Name == "canary" && a.Hash == stable!.PodTemplateHash);
                    break;
                case "additionalDestinations":
                    var additional = value!.AsArray();
                    (plan.Status.Canary?.Weights?.Additional ?? []).Should().HaveCount(additional.Count);
                    break;
                case "callOrder":
                    var vsIndex = plan.Actions.ToList().FindIndex(a => a is UpdateVirtualService);
                    var drIndex = plan.Actions.ToList().FindIndex(a => a is UpdateDestinationRule);
                    vsIndex.Should().BeGreaterThanOrEqualTo(0);
                    vsIndex.Should().BeLessThan(drIndex, "SetWeight(0) before UpdateHash(new canary)");
                    Subsets(snapshot, plan).Canary.Should().Be(current.PodTemplateHash);
                    CanaryWeight(snapshot, plan).Should().Be(0);
                    break;
                case "scaledRS":
                    plan.Actions.OfType<ScaleReplicaSet>().First().Should().Match<ScaleReplicaSet>(a => a.Name == stable!.Name && a.Replicas == (int)value!["to"]!);
                    break;
                case "statusPatch":
                    StatusPatch(plan, value!, current);
                    break;
                case "currentStepIndexUnchanged":
                    plan.Status.CurrentStepIndex.Should().Be((int)value!);
                    break;
                case "rs1Patch":
                    plan.Actions.OfType<SetReplicaSetAnnotation>().Should().ContainSingle(a => a.Name == "ro-rs1" && a.Key == RolloutAnnotations.ScaleDownDeadline)
                        .Which.Value.Should().Be(Rfc3339Time.ToText(Now.AddSeconds(30)));
                    break;
                case "rs1":
                    plan.Actions.OfType<ScaleReplicaSet>().Should().ContainSingle(a => a.Name == "ro-rs1")
                        .Which.Should().Match<ScaleReplicaSet>(a => a.Replicas == 0 && a.RemoveScaleDownDeadline);
                    break;
                case "removeManagedRoutesCalled":
                    break; // no managed routes configured in the rebuilt fixture; nothing to remove
                default:
                    throw new InvalidOperationException($"unhandled expectation {key}");
            }
        }
    }

    private static void StatusPatch(Plan plan, JsonNode patch, ReplicaSetState current)
    {
        if (patch is JsonValue)
        {
            // "only observedGeneration": no step progress, pauses untouched.
            plan.Status.CurrentStepIndex.Should().Be(0);
            plan.Status.PauseConditions.Should().NotBeNullOrEmpty();
            return;
        }

        var status = plan.Status;
        foreach (var (key, value) in patch.AsObject())
        {
            switch (key)
            {
                case "currentStepIndex":
                    status.CurrentStepIndex.Should().Be((int)value!);
                    break;
                case "phase":
                    status.Phase.Should().Be((string)value!);
                    break;
                case "message":
                    status.Message.Should().Be((string?)value);
                    break;
                case "progressingCondition":
                    var progressing = status.Conditions!.Single(c => c.Type == RolloutConditionTypes.Progressing);
                    progressing.Status.Should().Be((string)value!["status"]!);
                    progressing.Reason.Should().Be((string)value["reason"]!);
                    break;
                case "abort":
                    status.Abort.Should().BeNull();
                    break;
                case "abortedAt":
                    status.AbortedAt.Should().BeNull();
                    break;
                case "controllerPause":
                    status.ControllerPause.Should().Be((bool?)value);
                    break;
                case "pauseConditions":
                    status.PauseConditions.Should().ContainSingle().Which.Should().Be(new PauseCondition { Reason = PauseReasons.CanaryPauseStep, StartTime = Now });
                    break;
                case "HPAReplicas":
                    status.HPAReplicas.Should().Be((int)value!);
                    break;
                case "selector":
                    status.Selector.Should().Be((string)value!);
                    break;
                case "stableRS":
                    status.StableRS.Should().Be(current.PodTemplateHash);
                    break;
                case "duration":
                    break; // status.duration bookkeeping is not produced by the planner (see report)
                default:
                    throw new InvalidOperationException($"unhandled status field {key}");
            }
        }
    }

    private static void RollingBack(JsonObject vector, JsonObject expected)
    {
        var input = vector["input"]!;
        var spec = new JsonObject
        {
            ["replicas"] = (int)input["rolloutReplicas"]!,
            ["strategy"] = new JsonObject
            {
                ["canary"] = new JsonObject
                {
                    ["dynamicStableScale"] = (bool)input["dynamicStableScale"]!,
                    ["trafficRouting"] = (bool)input["trafficRouting"]! ? JsonNode.Parse("""{"istio":{}}""") : null,
                },
            },
        };
        var rollout = ApiJson.Deserialize<Rollout>(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "ro" }, ["spec"] = spec, ["status"] = input["status"]!.DeepClone() });
        var desired = new ReplicaSetState { Name = "desired", PodTemplateHash = (string)input["desiredRS"]!["podTemplateHash"]!, AvailableReplicas = (int)input["desiredRS"]!["availableReplicas"]! };
        StableRollback.IsDynamicallyRollingBackToStable(rollout, desired).Should().Be((bool)expected["result"]!);
    }

    /// <summary>The 5 % case of TestTrafficRoutingErrorsWhenNewCanaryHasNoReplicas: the reset is the FIRST write, so its failure stops the pass.</summary>
    private static void EarlyResetComesFirst(JsonObject vector)
    {
        var (snapshot, plan) = PlanFor(16, VectorFile.Get(File, 16));
        vector["input"]!["cases"]!.AsArray().Should().HaveCount(2);
        plan.Actions[0].Should().BeOfType<UpdateVirtualService>();
        CanaryWeight(snapshot, plan with { Actions = [plan.Actions[0]] }).Should().Be(0);
    }

    private static void RollbackWindowDelaysDestinationRule(JsonObject vector, JsonObject expected)
    {
        string H(string h) => h;
        var rollout = Rollout(vector, H, istioSubsetsOnly: true, forceIstio: true);
        rollout = Settle(rollout with { Status = new RolloutStatus { StableRS = "rev5", CurrentPodHash = "rev6", CurrentStepIndex = 2 } });
        var replicaSets = new[]
        {
            ReplicaSet("rev1", 0, 0, 1, false, 10),
            ReplicaSet("rev2", 0, 0, 2, false, 10),
            ReplicaSet("rev3", 10, 2, 3, true, 10),
            ReplicaSet("rev4", 0, 0, 4, false, 10),
            ReplicaSet("rev5", 10, 10, 5, false, 10),
            ReplicaSet("rev6", 1, 1, 6, false, 10),
        };
        var first = CanaryPlanner.Plan(VectorSnapshots.Snapshot(rollout, replicaSets));
        first.Error.Should().BeNull();
        first.Status.CurrentStepIndex.Should().Be(9, "a rollback within the window skips the steps");
        var second = CanaryPlanner.Plan(VectorSnapshots.Snapshot(rollout with { Status = first.Status }, replicaSets));
        // Argo's syncHandler returns the delay as its error; here the same message ends the pass as a wait.
        second.Waiting.Should().Be(((string)expected["secondSyncError"]!).Replace("<rev3 RS name>", "ro-rev3", StringComparison.Ordinal));
        second.Error.Should().BeNull();
        second.Actions.OfType<UpdateVirtualService>().Should().BeEmpty();
        second.Status.Should().Be(first.Status, "no status is written when the pass stops to wait");
    }

    private static string Hash(int index, string placeholder)
    {
        var key = new string([.. placeholder.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
        return (index, key) switch
        {
            (13 or 14, "rs1hash" or "rs1") => "rs1",
            (13 or 14, "rs2hash" or "rs2") => "rs2",
            (15, "a") => "stablehash",
            (16, "rs1") => "stablehash",
            (_, "rs2" or "rs1" or "rs3") when index is 34 or 35 => key,
            _ => key,
        };
    }

    private static (ClusterSnapshot Snapshot, Plan Plan) PlanFor(int index, JsonObject vector)
    {
        var rolloutReplicas = (int?)vector["input"]!["rollout"]!["spec"]!["replicas"] ?? 1;
        List<ReplicaSetState> replicaSets;
        var subsetsOnly = index is 34 or 35;
        var rollout = Rollout(vector, h => Hash(index, h), istioSubsetsOnly: subsetsOnly, forceIstio: subsetsOnly);
        var roles = vector["input"]!["replicaSets"]?.AsArray().Select(r => ((string)r!["role"]!, (int)r["specReplicas"]!, (int)r["availableReplicas"]!)).ToList() ?? [];
        var status = rollout.Status ?? new RolloutStatus();
        switch (index)
        {
            case 5:
                replicaSets = [ReplicaSet("hash1", 10, 10, 1, true, rolloutReplicas)];
                break;
            case 13 or 14:
                replicaSets = [ReplicaSet("rs1", 1, 1, 1, true, rolloutReplicas), ReplicaSet("rs2", 9, 9, 2, false, rolloutReplicas)];
                break;
            case 15:
                replicaSets = [ReplicaSet("stablehash", 1, 1, 1, false, rolloutReplicas), ReplicaSet("b", 9, 9, 2, false, rolloutReplicas), ReplicaSet("canaryhash", 0, 0, 3, true, rolloutReplicas)];
                break;
            case 16:
                replicaSets = [ReplicaSet("stablehash", 10, 10, 1, false, rolloutReplicas), ReplicaSet("rs2", 1, 1, 2, false, rolloutReplicas), ReplicaSet("canaryhash", 0, 0, 3, true, rolloutReplicas)];
                break;
            case 25:
                replicaSets = [ReplicaSet("stablehash", 5, 5, 1, false, 5), ReplicaSet("canaryhash", 0, 0, 2, true, 5)];
                status = status with { StableRS = "stablehash", CurrentPodHash = "canaryhash" };
                break;
            case 27:
                replicaSets = [ReplicaSet("h1", 2, 2, 1, true, rolloutReplicas)];
                break;
            case 30 or 31:
                replicaSets = [ReplicaSet("stablehash", 1, 1, 1, false, 1), ReplicaSet("canaryhash", 1, 1, 2, true, 1)];
                status = status with { StableRS = "stablehash", CurrentPodHash = "canaryhash" };
                break;
            case 32:
                var labels = JsonNode.Parse("""{"foo":"bar"}""")!.AsObject();
                replicaSets = [ReplicaSet("stablehash", 4, 4, 1, false, 5, podLabels: labels), ReplicaSet("canaryhash", 1, 1, 2, true, 5, podLabels: labels)];
                status = status with { StableRS = "stablehash", CurrentPodHash = "canaryhash" };
                break;
            case 34:
                replicaSets = [ReplicaSet("rs1", 1, 1, 1, false, 1), ReplicaSet("rs2", 1, 1, 2, true, 1)];
                break;
            case 35:
                var deadline = new Dictionary<string, string> { [RolloutAnnotations.ScaleDownDeadline] = Rfc3339Time.ToText(Now.AddSeconds(20)) };
                replicaSets = [ReplicaSet("rs1", 1, 1, 1, false, 1, deadline), ReplicaSet("rs2", 1, 1, 2, false, 1, deadline), ReplicaSet("rs3", 1, 1, 3, true, 1)];
                status = status with { StableRS = "rs3", CurrentPodHash = "rs3" };
                break;
            default:
                replicaSets = [.. roles.Select((r, i) => r.Item1.StartsWith("canary", StringComparison.Ordinal)
                    ? ReplicaSet("canaryhash", r.Item2, r.Item3, 2, true, rolloutReplicas)
                    : ReplicaSet("stablehash", r.Item2, r.Item3, 1, false, rolloutReplicas))];
                status = status with
                {
                    StableRS = status.StableRS ?? "stablehash",
                    CurrentPodHash = status.CurrentPodHash ?? "canaryhash",
                };
                break;
        }

        rollout = Settle(rollout with { Status = FillWeightHashes(status) });
        var snapshot = VectorSnapshots.Snapshot(rollout, replicaSets);
        return (snapshot, CanaryPlanner.Plan(snapshot));
    }

    /// <summary>Recorded weights without hashes (Go fixtures) point at the current canary and stable.</summary>
    private static RolloutStatus FillWeightHashes(RolloutStatus status)
    {
        if (status.Canary?.Weights is not { } w)
        {
            return status;
        }

        var weights = w with
        {
            Canary = w.Canary with { PodTemplateHash = w.Canary.PodTemplateHash ?? status.CurrentPodHash },
            Stable = w.Stable with { PodTemplateHash = w.Stable.PodTemplateHash ?? status.StableRS },
        };
        return status with { Canary = status.Canary with { Weights = weights } };
    }

    private static JsonNode FinalVirtualService(ClusterSnapshot snapshot, Plan plan)
    {
        var node = ApiJson.ToNode(snapshot.VirtualServices["default/vs"]);
        foreach (var update in plan.Actions.OfType<UpdateVirtualService>())
        {
            node = JsonPatchText.Parse(update.JsonPatch).Apply(node);
        }

        return node;
    }

    private static int CanaryWeight(ClusterSnapshot snapshot, Plan plan) =>
        (int?)FinalVirtualService(snapshot, plan)["spec"]!["http"]![0]!["route"]!.AsArray()
            .Single(d => (string?)d!["destination"]!["subset"] == "canary")!["weight"] ?? 0;

    private static (string? Canary, string? Stable) Subsets(ClusterSnapshot snapshot, Plan plan)
    {
        var node = ApiJson.ToNode(snapshot.DestinationRule!);
        foreach (var update in plan.Actions.OfType<UpdateDestinationRule>())
        {
            node = JsonPatchText.Parse(update.JsonPatch).Apply(node);
        }

        var subsets = node["spec"]!["subsets"]!.AsArray();
        string? Label(string name) => (string?)subsets.Single(s => (string?)s!["name"] == name)!["labels"]?[RolloutLabels.PodTemplateHash];
        return (Label("canary"), Label("stable"));
    }
}
