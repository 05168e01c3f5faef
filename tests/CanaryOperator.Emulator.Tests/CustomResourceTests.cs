using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class CustomResourceTests
{
    [Fact]
    public async Task Creating_the_crds_serves_rollouts_virtualservices_destinationrules_in_discovery()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        (await Support.StatusOf(() => client.CustomObjects.ListNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", "default", "rollouts"))).Should().Be(404);

        await Support.InstallRolloutAndIstioCrdsAsync(client);

        var groups = await client.Apis.GetAPIVersionsAsync();
        groups.Groups.Should().Contain(g => g.Name == "argoproj.io");
        var istio = groups.Groups.Single(g => g.Name == "networking.istio.io");
        istio.PreferredVersion.Version.Should().Be("v1");
        istio.Versions.Select(v => v.Version).Should().Contain(["v1", "v1beta1", "v1alpha3"]);

        using var http = api.CreateHttpClient();
        var (_, list) = await Support.SendAsync(http, HttpMethod.Get, "/apis/argoproj.io/v1alpha1");
        var names = list!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        names.Should().Contain(["rollouts", "rollouts/status", "rollouts/scale"]);

        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("rollouts.argoproj.io");
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("virtualservices.networking.istio.io");
        (await Support.StatusOf(() => client.CustomObjects.ListNamespacedCustomObjectAsync("networking.istio.io", "v1", "default", "virtualservices"))).Should().Be(404);
    }

    [Fact]
    public async Task Rollout_status_and_scale_subresources_follow_the_crd()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await Support.InstallRolloutAndIstioCrdsAsync(client);
        var rollout = Support.Manifest("imesh-webinar", "single-svc-vs-multiple-set", "rollout-for-deployment.yaml");
        rollout["status"] = new JsonObject { ["phase"] = "Ignored" };
        var created = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(rollout, "argoproj.io", "v1alpha1", "default", "rollouts");
        created.TryGetProperty("status", out _).Should().BeFalse("status is dropped on create when the CRD has a status subresource");
        created.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(1);

        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"HPAReplicas\":1,\"selector\":\"app=rollouts-demo\",\"phase\":\"Healthy\"},\"spec\":{\"replicas\":50}}", V1Patch.PatchType.MergePatch),
            "argoproj.io", "v1alpha1", "default", "rollouts", "rollouts-demo");
        var stored = api.Get("argoproj.io", "rollouts", "default", "rollouts-demo")!;
        Obj.Long(stored["spec"]!["replicas"]).Should().Be(1, "status writes ignore spec");
        Obj.Generation(stored).Should().Be(1);

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"paused\":true},\"status\":{\"phase\":\"Hacked\"}}", V1Patch.PatchType.MergePatch),
            "argoproj.io", "v1alpha1", "default", "rollouts", "rollouts-demo");
        stored = api.Get("argoproj.io", "rollouts", "default", "rollouts-demo")!;
        Obj.Str(stored["status"]!["phase"]).Should().Be("Healthy", "main-resource writes ignore status");
        Obj.Generation(stored).Should().Be(2);

        var scale = KubernetesJson.Deserialize<V1Scale>(((JsonElement)await client.CustomObjects.GetNamespacedCustomObjectScaleAsync("argoproj.io", "v1alpha1", "default", "rollouts", "rollouts-demo")).GetRawText());
        scale.Spec.Replicas.Should().Be(1);
        scale.Status.Replicas.Should().Be(1);
        scale.Status.Selector.Should().Be("app=rollouts-demo");

        await client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "default", "rollouts", "rollouts-demo");
        Obj.Long(api.Get("argoproj.io", "rollouts", "default", "rollouts-demo")!["spec"]!["replicas"]).Should().Be(4);

        scale.Spec.Replicas = 6;
        scale.Metadata.ResourceVersion = "1";
        (await Support.StatusOf(() => client.CustomObjects.ReplaceNamespacedCustomObjectScaleAsync(scale, "argoproj.io", "v1alpha1", "default", "rollouts", "rollouts-demo")))
            .Should().Be(409, "a stale resourceVersion on a Scale conflicts");
    }

    [Fact]
    public async Task Custom_objects_can_be_watched_with_the_real_client()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await Support.CreateCrdsAsync(client, Support.IstioCrdPaths[0]);
        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync("networking.istio.io", "v1beta1", "default", "virtualservices");
        var rv = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<(WatchEventType, string?, string?)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, obj) in client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                "networking.istio.io", "v1beta1", "default", "virtualservices", resourceVersion: rv, timeoutSeconds: 60, cancellationToken: cts.Token))
            {
                var element = (JsonElement)obj;
                seen.Add((type, element.GetProperty("metadata").GetProperty("name").GetString(), element.GetProperty("apiVersion").GetString()));
                if (seen.Count == 2)
                {
                    return;
                }
            }
        }, cts.Token);
        await WatchTests.WaitUntil(() => api.Store.WatcherCount == 1);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Support.Manifest("imesh-webinar", "single-svc-vs-multiple-set", "single-vs-multiple-set.yaml"), "networking.istio.io", "v1alpha3", "default", "virtualservices");
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"hosts\":[\"x\"]}}", V1Patch.PatchType.MergePatch), "networking.istio.io", "v1alpha3", "default", "virtualservices", "rollouts-demo-vs2");
        await watching;
        seen.Should().Equal(
            (WatchEventType.Added, "rollouts-demo-vs2", "networking.istio.io/v1beta1"),
            (WatchEventType.Modified, "rollouts-demo-vs2", "networking.istio.io/v1beta1"));
    }

    [Fact]
    public async Task Concurrent_writers_get_unique_increasing_resource_versions()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var conflicts = 0;
        var versions = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            for (var n = 0; n < 10; n++)
            {
                var current = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
                current.Metadata.Annotations ??= new Dictionary<string, string>();
                current.Metadata.Annotations[$"w{i}"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    var updated = await client.AppsV1.ReplaceNamespacedDeploymentAsync(current, "web", "default");
                    versions.Add(long.Parse(updated.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 409)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));
        versions.Should().OnlyHaveUniqueItems();
        (versions.Count + conflicts).Should().Be(80);
        versions.Max().Should().Be(api.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Deployment_scale_subresource_returns_autoscaling_v1_scale()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default");
        scale.Spec.Replicas.Should().Be(2);
        scale.Status.Selector.Should().Be("app=web");
        scale.Spec.Replicas = 5;
        var after = await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", "default");
        after.Spec.Replicas.Should().Be(5);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Metadata.Generation.Should().Be(2);
    }
}
