using System.Diagnostics;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Benchmarks.Planner;
using k8s;
using k8s.Models;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// Creates the CRDs and N Rollouts through the API with the real KubernetesClient: per Rollout a namespace, a
/// Deployment (the pod template, replicas 0 as in the seed example), a VirtualService, a DestinationRule and the
/// Rollout. Every Rollout has the same name and pod template in its own namespace, so that all share one pod
/// template hash and a settled Rollout can be cloned (<see cref="PopulationCloner"/>). Requests run in parallel, bounded.
/// </summary>
internal static class Population
{
    public const string Image = "argoproj/rollouts-demo:blue";

    /// <summary>The image of the second revision every Rollout is promoted to while settling.</summary>
    public const string SecondImage = "argoproj/rollouts-demo:green";

    /// <summary>The image the reaction figure changes to.</summary>
    public const string ThirdImage = "argoproj/rollouts-demo:yellow";

    /// <summary>The name of every Rollout and of its Deployment, VirtualService and DestinationRule.</summary>
    public const string Name = "app";

    public static string Namespace(int index) => $"bench-{index:D5}";

    public static async Task<TimeSpan> CreateAsync(IKubernetes client, int rollouts, int parallelism, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, rollouts),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var ns = Namespace(i);
                await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct).ConfigureAwait(false);
                foreach (var (group, version, plural, body) in Objects(ns))
                {
                    await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural, cancellationToken: ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return clock.Elapsed;
    }

    /// <summary>The Rollout CRD (<c>crds/</c>) and Istio's VirtualService and DestinationRule CRDs.</summary>
    public static async Task CreateCrdsAsync(IKubernetes client, CancellationToken cancellationToken = default)
    {
        var crdFiles = new[]
        {
            Path.Combine(RepoRoot.Find(), "crds", "rollouts.argoproj.io.yaml"),
            "/work/shared/reference/istio-crds/virtualservice.yaml",
            "/work/shared/reference/istio-crds/destinationrule.yaml",
        };
        foreach (var crd in crdFiles.SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f))).OfType<JsonObject>())
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The objects of the Rollout in namespace <paramref name="ns"/>, in creation order.</summary>
    public static IEnumerable<(string Group, string Version, string Plural, JsonObject Body)> Objects(string ns)
    {
        const string name = Name;
        yield return ("apps", "v1", "deployments", Parse($$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"{{{name}}}"} },
              "template":{"metadata":{"labels":{"app":"{{{name}}}"} },
               "spec":{"containers":[{"name":"app","image":"{{{Image}}}","ports":[{"name":"http","containerPort":8080}],
                 "resources":{"requests":{"memory":"32Mi","cpu":"5m"} } }]} } } }
            """));
        yield return ("networking.istio.io", "v1alpha3", "destinationrules", Parse($$$"""
            {"apiVersion":"networking.istio.io/v1alpha3","kind":"DestinationRule","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
             "spec":{"host":"{{{name}}}","subsets":[{"name":"canary","labels":{"app":"{{{name}}}"} },{"name":"stable","labels":{"app":"{{{name}}}"} }]} }
            """));
        yield return ("networking.istio.io", "v1alpha3", "virtualservices", Parse($$$"""
            {"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
             "spec":{"hosts":["{{{name}}}"],"http":[{"name":"primary","route":[
               {"destination":{"host":"{{{name}}}","port":{"number":80},"subset":"stable"},"weight":100},
               {"destination":{"host":"{{{name}}}","port":{"number":80},"subset":"canary"},"weight":0}]}]} }
            """));
        yield return ("argoproj.io", "v1alpha1", "rollouts", Parse($$$"""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
             "spec":{"replicas":1,"revisionHistoryLimit":2,"selector":{"matchLabels":{"app":"{{{name}}}"} },
              "workloadRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"{{{name}}}"},
              "strategy":{"canary":{
                "trafficRouting":{"istio":{"virtualService":{"name":"{{{name}}}","routes":["primary"]},
                  "destinationRule":{"name":"{{{name}}}","canarySubsetName":"canary","stableSubsetName":"stable"} } },
                "steps":[{"setWeight":20},{"pause":{} },{"setWeight":50},{"pause":{"duration":"10s"} }]} } } }
            """));
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
