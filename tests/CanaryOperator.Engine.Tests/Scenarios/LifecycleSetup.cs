using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.EngineTesting;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>The Rollouts and Istio objects of the lifecycle walk-through (§9) and its variants.</summary>
public static class LifecycleSetup
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>§9 steps: setWeight 20, pause {}, 40, pause 10s, 60, pause 10s, 80, pause 10s.</summary>
    public const string WalkthroughSteps = """
        [{"setWeight":20},{"pause":{}},{"setWeight":40},{"pause":{"duration":10}},
         {"setWeight":60},{"pause":{"duration":"10s"}},{"setWeight":80},{"pause":{"duration":10}}]
        """;

    /// <summary>Istio subset routing (VS "vs" route "primary", DR "dr"), no Services — §9.</summary>
    public static FakeCluster IstioSubset(int? replicas = 5, string steps = WalkthroughSteps, string canaryExtra = "")
    {
        var rollout = Rollout(replicas, """
            "trafficRouting":{"istio":{"virtualService":{"name":"vs","routes":["primary"]},
              "destinationRule":{"name":"dr","canarySubsetName":"canary","stableSubsetName":"stable"}}},
            "steps":@steps@@canaryExtra@
            """.Replace("@steps@", steps, StringComparison.Ordinal).Replace("@canaryExtra@", canaryExtra, StringComparison.Ordinal));
        var cluster = new FakeCluster(rollout, Start);
        cluster.AddVirtualService(VirtualService("""{"destination":{"host":"demo","subset":"stable"},"weight":100},{"destination":{"host":"demo","subset":"canary"},"weight":0}"""));
        cluster.DestinationRule = JsonNode.Parse("""
            {"apiVersion":"networking.istio.io/v1alpha3","kind":"DestinationRule","metadata":{"name":"dr","namespace":"default"},
             "spec":{"host":"demo","subsets":[{"name":"stable","labels":{"app":"demo"}},{"name":"canary","labels":{"app":"demo"}}]}}
            """);
        return cluster;
    }

    /// <summary>Istio host-level routing through canary/stable Services (e2e istio-host-split).</summary>
    public static FakeCluster IstioHost(int? replicas = 5, string steps = WalkthroughSteps, string canaryExtra = "")
    {
        var rollout = Rollout(replicas, """
            "canaryService":"canary-svc","stableService":"stable-svc",
            "trafficRouting":{"istio":{"virtualService":{"name":"vs","routes":["primary"]}}},
            "steps":@steps@@canaryExtra@
            """.Replace("@steps@", steps, StringComparison.Ordinal).Replace("@canaryExtra@", canaryExtra, StringComparison.Ordinal));
        var cluster = new FakeCluster(rollout, Start);
        cluster.AddVirtualService(VirtualService("""{"destination":{"host":"stable-svc"},"weight":100},{"destination":{"host":"canary-svc"},"weight":0}"""));
        cluster.AddService(new ServiceState { Name = "canary-svc", Selector = new Dictionary<string, string> { ["app"] = "demo" } });
        cluster.AddService(new ServiceState { Name = "stable-svc", Selector = new Dictionary<string, string> { ["app"] = "demo" } });
        return cluster;
    }

    /// <summary>Basic canary (no traffic router): replica ratio only.</summary>
    public static FakeCluster Basic(int? replicas = 5, string steps = WalkthroughSteps, string canaryExtra = "")
    {
        var rollout = Rollout(replicas, """ "steps":@steps@@canaryExtra@ """.Replace("@steps@", steps, StringComparison.Ordinal).Replace("@canaryExtra@", canaryExtra, StringComparison.Ordinal));
        return new FakeCluster(rollout, Start);
    }

    public static Rollout Rollout(int? replicas, string canaryBody, string image = "demo:1")
    {
        var replicasJson = replicas is { } r ? $"\"replicas\":{r}," : "";
        return ApiJson.Deserialize<Rollout>("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
             "metadata":{"name":"ro","namespace":"default","generation":1,"uid":"uid-ro"},
             "spec":{@replicasJson@"selector":{"matchLabels":{"app":"demo"}},
               "template":{"metadata":{"labels":{"app":"demo"}},"spec":{"containers":[{"name":"app","image":"@image@"}]}},
               "strategy":{"canary":{ @canaryBody@ }}}}
            """.Replace("@replicasJson@", replicasJson, StringComparison.Ordinal).Replace("@image@", image, StringComparison.Ordinal).Replace("@canaryBody@", canaryBody, StringComparison.Ordinal));
    }

    public static JsonNode VirtualService(string destinations) => JsonNode.Parse("""
        {"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"vs","namespace":"default"},
         "spec":{"hosts":["demo"],"http":[{"name":"primary","route":[@destinations@]}]}}
        """.Replace("@destinations@", destinations, StringComparison.Ordinal))!;

    /// <summary>Changes the container image (a new pod template → a new revision).</summary>
    public static void SetImage(FakeCluster cluster, string image) =>
        cluster.UpdateRollout(ro =>
        {
            var template = ApiJson.Deserialize<k8s.Models.V1PodTemplateSpec>(ApiJson.Serialize(ro.Spec.Template!));
            template.Spec.Containers[0].Image = image;
            return ro with { Spec = ro.Spec with { Template = template } };
        });

    public static void SetStatus(FakeCluster cluster, Func<RolloutStatus, RolloutStatus> change) =>
        cluster.UpdateRollout(ro => ro with { Status = change(ro.Status ?? new RolloutStatus()) }, specChange: false);

    /// <summary><c>kubectl argo rollouts promote</c> while paused: <c>{"status":{"pauseConditions":null}}</c>.</summary>
    public static void Promote(FakeCluster cluster) => SetStatus(cluster, s => s with { PauseConditions = null });

    public static void Abort(FakeCluster cluster) => SetStatus(cluster, s => s with { Abort = true });

    public static void Retry(FakeCluster cluster) => SetStatus(cluster, s => s with { Abort = false });

    public static void PromoteFull(FakeCluster cluster) => SetStatus(cluster, s => s with { PromoteFull = true });

    /// <summary>An HPA writes spec.replicas through /scale.</summary>
    public static void Scale(FakeCluster cluster, int replicas) =>
        cluster.UpdateRollout(ro => ro with { Spec = ro.Spec with { Replicas = replicas } });
}
