using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.EngineTesting;

namespace CanaryOperator.Benchmarks.Planner;

/// <summary>The two snapshots of figure 6, each reached by running the planner itself on the engine tests' <see cref="FakeCluster"/>: its snapshots are
/// states the planner itself reached, not hand-written statuses that a real pass would immediately rewrite.</summary>
internal static class BenchmarkSnapshots
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The seed Rollout (examples/istio-subset) paused at its first <c>pause: {}</c> after a new image: two
    /// ReplicaSets, one VirtualService, one DestinationRule. A pass over it is the steady-state pass: no writes.
    /// </summary>
    public static ClusterSnapshot Simple()
    {
        var docs = LoadExample("istio-subset");
        var rollout = ApiJson.Deserialize<Rollout>(docs.Single(d => Kind(d) == "Rollout"));
        rollout.Metadata.Generation = 1;
        var cluster = new FakeCluster(rollout, Start) { Deployment = Deployment(docs.Single(d => Kind(d) == "Deployment")) };
        cluster.AddVirtualService(docs.Single(d => Kind(d) == "VirtualService"));
        cluster.DestinationRule = docs.Single(d => Kind(d) == "DestinationRule");
        cluster.RunUntil(IsFullyPromoted);
        SetImage(cluster, "argoproj/rollouts-demo:yellow");
        cluster.RunUntil(IsPaused);
        cluster.Run(); // the pass after the pause records the Paused conditions; only then is a pass quiet
        return cluster.Snapshot();
    }

    /// <summary>
    /// Two VirtualServices with http and tls routes, setCanaryScale and dynamicStableScale, five scaled-down
    /// ReplicaSets of older revisions, settled in a pause mid-update, and then spec.replicas changed 10 → 17 by an HPA:
    /// a scaling event (§3.9), so the pass resizes the stable ReplicaSet (one ReplicaSet per pass; the setCanaryScale
    /// replicas keep the canary at 2) and nothing else.
    /// </summary>
    public static ClusterSnapshot Complex()
    {
        var docs = YamlDocuments.Parse(ComplexScenario.Yaml);
        var rollout = ApiJson.Deserialize<Rollout>(docs.Single(d => Kind(d) == "Rollout"));
        rollout.Metadata.Generation = 1;
        var cluster = new FakeCluster(rollout, Start) { Deployment = Deployment(docs.Single(d => Kind(d) == "Deployment")) };
        foreach (var vs in docs.Where(d => Kind(d) == "VirtualService"))
        {
            cluster.AddVirtualService(vs);
        }

        cluster.DestinationRule = docs.Single(d => Kind(d) == "DestinationRule");
        for (var revision = 1; revision <= 5; revision++)
        {
            cluster.AddReplicaSet(HistoricReplicaSet($"shop-old{revision}", $"old{revision}", revision, Start));
        }

        cluster.RunUntil(IsFullyPromoted);
        SetImage(cluster, "registry.example/shop:v2");
        cluster.RunUntil(IsPaused);
        cluster.Run(); // settled in the pause (conditions recorded), so the measured pass is the rescale, not that bookkeeping

        // An HPA writing spec.replicas through the scale subresource (a spec change: the generation moves).
        cluster.UpdateRollout(r => r with { Spec = r.Spec with { Replicas = 17 } });
        return cluster.Snapshot();
    }

    /// <summary>A new pod template in the Deployment (a new image), as a user's `kubectl set image` would.</summary>
    private static void SetImage(FakeCluster cluster, string image)
    {
        var deployment = cluster.Deployment!;
        var template = ApiJson.Deserialize<k8s.Models.V1PodTemplateSpec>(ApiJson.Serialize(deployment.Template!));
        template.Spec.Containers[0].Image = image;
        cluster.Deployment = deployment with { Template = template, Generation = deployment.Generation + 1 };
    }

    /// <summary>A scaled-down ReplicaSet of an older revision (history the planner must look at and keep).</summary>
    private static ReplicaSetState HistoricReplicaSet(string name, string hash, long revision, DateTimeOffset now) => new()
    {
        Name = name,
        PodTemplateHash = hash,
        Revision = revision,
        CreationTimestamp = now.AddDays(-revision),
        Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = hash },
        Annotations = new Dictionary<string, string> { [RolloutAnnotations.Revision] = revision.ToString(CultureInfo.InvariantCulture) },
    };

    private static bool IsFullyPromoted(FakeCluster c) =>
        c.Rollout.Status is { StableRS: { } stable, CurrentPodHash: { } current } && stable == current;

    private static bool IsPaused(FakeCluster c) =>
        c.Rollout.Status is { PauseConditions.Count: > 0 } s && s.StableRS != s.CurrentPodHash;

    private static DeploymentState Deployment(JsonNode doc)
    {
        var deployment = ApiJson.Deserialize<k8s.Models.V1Deployment>(doc);
        return new DeploymentState
        {
            Namespace = deployment.Metadata.NamespaceProperty,
            Name = deployment.Metadata.Name,
            Generation = 1,
            SpecReplicas = deployment.Spec.Replicas ?? 1,
            Template = deployment.Spec.Template,
            Selector = deployment.Spec.Selector,
        };
    }

    private static IReadOnlyList<JsonNode> LoadExample(string name)
    {
        var folder = Path.Combine(RepoRoot.Find(), "examples", name);
        return [.. Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f)))];
    }

    private static string? Kind(JsonNode doc) => (string?)doc["kind"];

}
