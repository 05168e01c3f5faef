using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Patching;
using CanaryOperator.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CanaryOperator.Emulator.Tests;

/// <summary>Shared helpers: reference manifests, raw HTTP calls, status-code assertions.</summary>
internal static class Support
{
    // Parsing the big CRD YAML takes seconds: do it once per test run.
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<string>>> CrdJson = new();

    public static string Reference(params string[] parts) => Path.Combine([RepoPaths.Reference, .. parts]);

    public static string RolloutCrdPath => Reference("argo-rollouts", "rollout-crd.yaml");

    public static string[] IstioCrdPaths => [Reference("istio-crds", "virtualservice.yaml"), Reference("istio-crds", "destinationrule.yaml")];

    /// <summary>Creates the CRDs in a YAML file through the real client.</summary>
    public static async Task CreateCrdsAsync(IKubernetes client, string path)
    {
        foreach (var json in CrdJson.GetOrAdd(path, p => new Lazy<IReadOnlyList<string>>(() => LoadCrds(p))).Value)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(JsonNode.Parse(json)!, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        }
    }

    private static IReadOnlyList<string> LoadCrds(string path) =>
        [.. YamlToJson.ParseAll(File.ReadAllText(path))
            .Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition")
            .Select(d => d.ToJsonString())];

    public static async Task InstallRolloutAndIstioCrdsAsync(IKubernetes client)
    {
        await CreateCrdsAsync(client, RolloutCrdPath);
        foreach (var p in IstioCrdPaths)
        {
            await CreateCrdsAsync(client, p);
        }
    }

    /// <summary>Loads the first document of a YAML manifest as JSON.</summary>
    public static JsonObject Manifest(params string[] parts)
    {
        var obj = (JsonObject)YamlToJson.Parse(File.ReadAllText(Reference(parts)))!;
        ((JsonObject)obj["metadata"]!).Remove("namespace");
        return obj;
    }

    public static async Task<int> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return 200;
        }
        catch (HttpOperationException e)
        {
            return (int)e.Response.StatusCode;
        }
    }

    public static async Task<(HttpStatusCode Code, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        try
        {
            parsed = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = JsonValue.Create(text);
        }

        return (response.StatusCode, parsed);
    }

    public static V1Deployment Deployment(string name, string ns = "default", string image = "app:v1", int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "main",
                            Image = image,
                            Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }],
                            Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http" }],
                        },
                        new V1Container { Name = "sidecar", Image = "proxy:1" },
                    ],
                },
            },
        },
    };

    public static V1ReplicaSet ReplicaSet(string name, string ns = "default", string image = "app:v1", int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };
}
