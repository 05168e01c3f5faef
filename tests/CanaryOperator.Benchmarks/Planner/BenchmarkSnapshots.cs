using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Benchmarks.Planner;

/// <summary>The two snapshots of figure 6, each reached by running the planner itself (see <see cref="InMemoryCluster"/>).</summary>
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
        var cluster = new InMemoryCluster(rollout, Deployment(docs.Single(d => Kind(d) == "Deployment")), Start);
        cluster.AddVirtualService(docs.Single(d => Kind(d) == "VirtualService"));
        cluster.DestinationRule = docs.Single(d => Kind(d) == "DestinationRule");
        cluster.RunUntil(IsFullyPromoted);
        cluster.SetImage("argoproj/rollouts-demo:yellow");
        cluster.RunUntil(IsPaused);
        return cluster.Snapshot();
    }

    /// <summary>
    /// Two VirtualServices with http and tls routes, setCanaryScale and dynamicStableScale, five scaled-down
    /// ReplicaSets of older revisions, paused mid-update, and then spec.replicas changed by an HPA: the pass has to
    /// rescale both ReplicaSets and keep the traffic split.
    /// </summary>
    public static ClusterSnapshot Complex()
    {
        var docs = YamlDocuments.Parse(ComplexScenario.Yaml);
        var rollout = ApiJson.Deserialize<Rollout>(docs.Single(d => Kind(d) == "Rollout"));
        rollout.Metadata.Generation = 1;
        var cluster = new InMemoryCluster(rollout, Deployment(docs.Single(d => Kind(d) == "Deployment")), Start);
        foreach (var vs in docs.Where(d => Kind(d) == "VirtualService"))
        {
            cluster.AddVirtualService(vs);
        }

        cluster.DestinationRule = docs.Single(d => Kind(d) == "DestinationRule");
        for (var revision = 1; revision <= 5; revision++)
        {
            cluster.AddHistoricReplicaSet($"shop-old{revision}", $"old{revision}", revision);
        }

        cluster.RunUntil(IsFullyPromoted);
        cluster.SetImage("registry.example/shop:v2");
        cluster.RunUntil(IsPaused);
        cluster.ChangeRollout(r => r with { Spec = r.Spec with { Replicas = 17 } });
        return cluster.Snapshot();
    }

    private static bool IsFullyPromoted(InMemoryCluster c) =>
        c.Rollout.Status is { StableRS: { } stable, CurrentPodHash: { } current } && stable == current;

    private static bool IsPaused(InMemoryCluster c) =>
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
