using System.Diagnostics;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Benchmarks.Planner;
using k8s;
using k8s.Models;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// Creates the CRDs and N Rollouts through the API with the real KubernetesClient: per Rollout a Deployment (the
/// pod template, replicas 0 as in the seed example), a VirtualService, a DestinationRule and the Rollout, spread
/// over namespaces of <c>perNamespace</c> Rollouts each. Requests run in parallel, bounded.
/// </summary>
internal static class Population
{
    public const string Image = "argoproj/rollouts-demo:blue";

    /// <summary>The image of the second revision every Rollout is promoted to while settling.</summary>
    public const string SecondImage = "argoproj/rollouts-demo:green";

    /// <summary>The image the reaction figure changes to.</summary>
    public const string ThirdImage = "argoproj/rollouts-demo:yellow";

    public static string Namespace(int index, int perNamespace) => $"bench-{index / perNamespace:D4}";

    public static string Name(int index) => $"app-{index:D5}";

    public static async Task<TimeSpan> CreateAsync(IKubernetes client, int rollouts, int perNamespace, int parallelism, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await CreateCrdsAsync(client, cancellationToken).ConfigureAwait(false);

        foreach (var ns in Enumerable.Range(0, rollouts).Select(i => Namespace(i, perNamespace)).Distinct(StringComparer.Ordinal))
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, rollouts),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var ns = Namespace(i, perNamespace);
                foreach (var (group, version, plural, body) in Objects(i, ns))
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

    /// <summary>The objects of Rollout number <paramref name="index"/>, in creation order.</summary>
    public static IEnumerable<(string Group, string Version, string Plural, JsonObject Body)> Objects(int index, string ns)
    {
        var name = Name(index);
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
