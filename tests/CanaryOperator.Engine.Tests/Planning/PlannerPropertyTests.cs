using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;
using CanaryOperator.Engine.Tests.Scenarios;
using CanaryOperator.EngineTesting;
using CsCheck;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Planning;

/// <summary>
/// Properties over random specs and cluster states mid-update (Istio, subset or host routing): route weights sum
/// to 100; the canary weight is 0 when the ReplicaSet receiving canary traffic has no available pod or the rollout
/// is aborted, and never exceeds what its available pods carry; only owned ReplicaSets are touched; planning is
/// deterministic.
/// </summary>
public sealed class PlannerPropertyTests
{
    public sealed record Case(
        int Replicas, int[] Weights, bool PauseBetween, int Index, int StableSpec, int StableAvailable,
        int CanarySpec, int CanaryAvailable, int RecordedCanaryWeight, bool Abort, bool DynamicStableScale,
        bool HostRouting, bool PromoteFull);

    private static readonly Gen<Case> Cases =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 100].Array[1, 4], Gen.Bool, Gen.Int[0, 8], Gen.Int[0, 10], Gen.Int[0, 10], Gen.Int[0, 10], Gen.Int[0, 10])
            .Select(Gen.Int[0, 100], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, 9],
                (a, recorded, abort, dss, host, promoteFull) => new Case(
                    a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, Math.Min(a.Item5, a.Item6), a.Item7, Math.Min(a.Item7, a.Item8),
                    recorded, abort, dss, host, promoteFull == 0));

    [Fact]
    public void Route_weights_always_sum_to_100() =>
        Cases.Sample(c =>
        {
            var (cluster, plan) = Plan(c);
            cluster.Apply(plan);
            foreach (var destination in Routes(cluster))
            {
                destination.Sum(d => (int?)d!["weight"] ?? 0).Should().Be(100);
            }
        }, iter: 400);

    [Fact]
    public void Canary_traffic_never_exceeds_what_its_available_pods_carry() =>
        Cases.Sample(c =>
        {
            var (cluster, plan) = Plan(c);
            if (plan.Error is not null || plan.Waiting is not null)
            {
                return;
            }

            cluster.Apply(plan);
            var weight = CanaryWeight(cluster);
            var receiving = cluster.ReplicaSetByHash(CanaryTrafficHash(cluster, c.HostRouting));
            if (c.Abort || receiving is null || receiving.AvailableReplicas == 0)
            {
                weight.Should().Be(0, "aborted or no available canary pod: {0}", c);
                return;
            }

            var replicas = cluster.Rollout.Spec.Replicas ?? 1;
            if (replicas > 0)
            {
                ((int)Math.Ceiling(weight * replicas / 100.0)).Should().BeLessThanOrEqualTo(receiving.AvailableReplicas, "weight {0} on {1} available of {2}: {3}", weight, receiving.AvailableReplicas, replicas, c);
            }
        }, iter: 600);

    [Fact]
    public void Only_owned_replica_sets_are_touched() =>
        Cases.Sample(c =>
        {
            var (cluster, plan) = Plan(c);
            var owned = cluster.ReplicaSets.Select(r => r.Name).ToHashSet();
            foreach (var action in plan.Actions)
            {
                var target = action switch
                {
                    ScaleReplicaSet s => s.Name,
                    SetReplicaSetAnnotation a => a.Name,
                    DeleteReplicaSet d => d.Name,
                    _ => null,
                };
                if (target is not null)
                {
                    owned.Should().Contain(target);
                }
            }
        }, iter: 300);

    [Fact]
    public void Same_snapshot_gives_the_same_plan() =>
        Cases.Sample(c =>
        {
            var (cluster, plan) = Plan(c);
            var again = CanaryPlanner.Plan(cluster.Snapshot());
            ApiJson.Serialize(again.Status).Should().Be(ApiJson.Serialize(plan.Status));
            again.Actions.Select(Describe).Should().Equal(plan.Actions.Select(Describe));
            again.Events.Should().Equal(plan.Events);
            again.RequeueAfter.Should().Be(plan.RequeueAfter);
            again.Error.Should().Be(plan.Error);
            again.Waiting.Should().Be(plan.Waiting);
        }, iter: 200);

    private static string Describe(PlanAction action) => action is CreateReplicaSet c ? ApiJson.Serialize(c.ReplicaSet) : action.ToString();

    private static (FakeCluster Cluster, Plan Plan) Plan(Case c)
    {
        var steps = new JsonArray();
        foreach (var w in c.Weights)
        {
            steps.Add(new JsonObject { ["setWeight"] = w });
            if (c.PauseBetween)
            {
                steps.Add(JsonNode.Parse("""{"pause":{}}"""));
            }
        }

        var extra = c.DynamicStableScale ? ",\"dynamicStableScale\":true" : "";
        var cluster = c.HostRouting
            ? LifecycleSetup.IstioHost(c.Replicas, steps.ToJsonString(), extra)
            : LifecycleSetup.IstioSubset(c.Replicas, steps.ToJsonString(), extra);
        var template = cluster.Rollout.Spec.Template!;
        var stable = ReplicaSet(template, "stable1", "demo:1", c.StableSpec, c.StableAvailable, 1, c.Replicas);
        var canary = ReplicaSet(template, "canary2", "demo:1", c.CanarySpec, c.CanaryAvailable, 2, c.Replicas);
        cluster.AddReplicaSet(stable);
        cluster.AddReplicaSet(canary with { Template = StripHash(canary.Template!) });
        var canaryRs = cluster.ReplicaSets.Single(r => r.Name == canary.Name);
        var stableRs = stable with { Template = WithImage(stable.Template!, "demo:0") };
        cluster.AddReplicaSet(stableRs);

        var weights = new TrafficWeights
        {
            Canary = new WeightDestination { Weight = c.RecordedCanaryWeight, PodTemplateHash = canaryRs.PodTemplateHash },
            Stable = new WeightDestination { Weight = 100 - c.RecordedCanaryWeight, PodTemplateHash = stableRs.PodTemplateHash },
        };
        var status = new RolloutStatus
        {
            StableRS = stableRs.PodTemplateHash,
            CurrentPodHash = canaryRs.PodTemplateHash,
            CurrentStepIndex = Math.Min(c.Index, steps.Count),
            Abort = c.Abort ? true : null,
            AbortedAt = c.Abort ? LifecycleSetup.Start : null,
            PromoteFull = c.PromoteFull ? true : null,
            Canary = new CanaryStatus { Weights = weights },
            Conditions = c.Abort
                ? [new RolloutCondition { Type = RolloutConditionTypes.Progressing, Status = "False", Reason = RolloutConditionReasons.RolloutAborted, Message = "Rollout aborted update to revision 2", LastUpdateTime = LifecycleSetup.Start, LastTransitionTime = LifecycleSetup.Start }]
                : null,
        };
        var rollout = cluster.Rollout with { Status = status };
        rollout = rollout with { Status = status with { CurrentStepHash = CanarySteps.StepHash(rollout) } };
        cluster.UpdateRollout(_ => rollout, specChange: false);

        // The live router agrees with the recorded weights and hashes.
        var route = Routes(cluster).Single();
        foreach (var destination in route)
        {
            var isCanary = (string?)destination!["destination"]!["subset"] == "canary" || ((string?)destination["destination"]!["host"] ?? "").StartsWith("canary", StringComparison.Ordinal);
            destination["weight"] = isCanary ? c.RecordedCanaryWeight : 100 - c.RecordedCanaryWeight;
        }

        if (cluster.DestinationRule is { } dr)
        {
            foreach (var subset in dr["spec"]!["subsets"]!.AsArray())
            {
                subset!["labels"]![RolloutLabels.PodTemplateHash] = (string?)subset["name"] == "canary" ? canaryRs.PodTemplateHash : stableRs.PodTemplateHash;
            }
        }
        else
        {
            cluster.AddService(cluster.Service("canary-svc") with { Selector = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = canaryRs.PodTemplateHash }, Annotations = new Dictionary<string, string> { [RolloutAnnotations.ManagedByRollouts] = "ro" } });
            cluster.AddService(cluster.Service("stable-svc") with { Selector = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = stableRs.PodTemplateHash }, Annotations = new Dictionary<string, string> { [RolloutAnnotations.ManagedByRollouts] = "ro" } });
        }

        return (cluster, CanaryPlanner.Plan(cluster.Snapshot()));
    }

    private static ReplicaSetState ReplicaSet(V1PodTemplateSpec template, string hash, string image, int spec, int available, long revision, int replicas) => new()
    {
        Name = $"ro-{hash}",
        PodTemplateHash = hash,
        SpecReplicas = spec,
        StatusReplicas = spec,
        ReadyReplicas = available,
        AvailableReplicas = available,
        Revision = revision,
        CreationTimestamp = LifecycleSetup.Start.AddMinutes(revision - 10),
        Annotations = new Dictionary<string, string>
        {
            [RolloutAnnotations.Revision] = revision.ToString(CultureInfo.InvariantCulture),
            [RolloutAnnotations.DesiredReplicas] = replicas.ToString(CultureInfo.InvariantCulture),
        },
        Template = WithImage(template, image),
    };

    private static V1PodTemplateSpec WithImage(V1PodTemplateSpec template, string image)
    {
        var copy = ApiJson.Deserialize<V1PodTemplateSpec>(ApiJson.Serialize(template));
        copy.Spec.Containers[0].Image = image;
        return copy;
    }

    private static V1PodTemplateSpec StripHash(V1PodTemplateSpec template) => template;

    private static List<JsonArray> Routes(FakeCluster cluster) =>
        [cluster.VirtualService("vs")["spec"]!["http"]!.AsArray()[0]!["route"]!.AsArray()];

    private static int CanaryWeight(FakeCluster cluster) =>
        Routes(cluster)[0].Where(d => (string?)d!["destination"]!["subset"] == "canary" || ((string?)d["destination"]!["host"] ?? "").StartsWith("canary", StringComparison.Ordinal))
            .Sum(d => (int?)d!["weight"] ?? 0);

    private static string? CanaryTrafficHash(FakeCluster cluster, bool hostRouting)
    {
        if (hostRouting)
        {
            return cluster.Service("canary-svc").Selector.GetValueOrDefault(RolloutLabels.PodTemplateHash);
        }

        var subsets = cluster.DestinationRule!["spec"]!["subsets"]!.AsArray();
        return (string?)subsets.Single(s => (string?)s!["name"] == "canary")!["labels"]?[RolloutLabels.PodTemplateHash];
    }
}
