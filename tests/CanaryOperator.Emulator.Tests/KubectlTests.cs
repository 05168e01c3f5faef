using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>The real kubectl drives the emulator over Kestrel (its minimal OpenAPI v3 lets kubectl validate server-side).</summary>
public sealed class KubectlTests
{
    private const string Ns = "istio-argo-rollouts";

    [SkippableKubectlFact]
    public async Task Apply_crds_and_the_webinar_manifests_twice_then_get_set_image_patch_status_scale_delete()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { SimulateReplicaSets = false });
        using var kubectl = new Kubectl(api);
        using var client = api.CreateClient();

        (await kubectl.OkAsync(["apply", .. Support.IstioCrdPaths.SelectMany(p => new[] { "-f", p })]))
            .Should().Contain("virtualservices.networking.istio.io created").And.Contain("destinationrules.networking.istio.io created");

        // As on a real cluster, the Rollout CRD is too large for client-side apply's last-applied annotation...
        var clientSide = await kubectl.RunAsync("apply", "-f", Support.RolloutCrdPath);
        clientSide.Code.Should().NotBe(0);
        clientSide.Err.Should().Contain("metadata.annotations: Too long");
        // ...and server-side apply takes it.
        (await kubectl.OkAsync("apply", "--server-side", "-f", Support.RolloutCrdPath)).Should().Contain("serverside-applied");

        var manifests = new[]
        {
            Support.Reference("imesh-webinar", "namespace.yaml"),
            Support.Reference("imesh-webinar", "single-svc-vs-multiple-set", "service.yaml"),
            Support.Reference("imesh-webinar", "single-svc-vs-multiple-set", "deployment.yaml"),
            Support.Reference("imesh-webinar", "single-svc-vs-multiple-set", "destination-rule.yaml"),
            Support.Reference("imesh-webinar", "single-svc-vs-multiple-set", "single-vs-multiple-set.yaml"),
            Support.Reference("imesh-webinar", "single-svc-vs-multiple-set", "rollout-for-deployment.yaml"),
        };
        string[] applyAll = ["apply", .. manifests.SelectMany(m => new[] { "-f", m })];
        var first = await kubectl.OkAsync(applyAll);
        first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6).And.OnlyContain(l => l.EndsWith(" created", StringComparison.Ordinal));

        var rvBefore = api.Store.CurrentResourceVersion;
        var writesBefore = api.Audit.Writes();
        var second = await kubectl.OkAsync(applyAll);
        second.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6).And.OnlyContain(l => l.EndsWith(" unchanged", StringComparison.Ordinal));

        api.Store.CurrentResourceVersion.Should().Be(rvBefore, "a second apply changes nothing");
        api.Audit.Writes().Should().Be(writesBefore, "kubectl sends no patch when there is nothing to change");

        var yaml = await kubectl.OkAsync("get", "rollout", "rollouts-demo", "-n", Ns, "-o", "yaml");
        yaml.Should().Contain("kind: Rollout").And.Contain("canarySubsetName: canary").And.Contain("workloadRef:");
        var (code, _, err) = await kubectl.RunAsync("get", "--raw", "/openapi/v2");
        code.Should().NotBe(0);
        err.Should().Contain("NotFound");
        (await kubectl.OkAsync("get", "deploy,virtualservices,dr,svc", "-n", Ns, "-o", "name")).Should()
            .Contain("deployment.apps/rollouts-demo-deployment").And.Contain("virtualservice.networking.istio.io/rollouts-demo-vs2")
            .And.Contain("destinationrule.networking.istio.io/rollout-destrule").And.Contain("service/rollouts-demo-svc");

        // kubectl set image: a strategic merge patch keyed by container name.
        await kubectl.OkAsync("set", "image", "deployment/rollouts-demo-deployment", "rollouts-demo=argoproj/rollouts-demo:green", "-n", Ns);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("rollouts-demo-deployment", Ns);
        var container = deployment.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;
        container.Image.Should().Be("argoproj/rollouts-demo:green");
        container.Ports.Should().ContainSingle(p => p.ContainerPort == 8080 && p.Name == "http");
        container.Resources.Requests["cpu"].ToString().Should().Be("5m");
        deployment.Metadata.Generation.Should().Be(2);

        // kubectl patch --subresource status
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"phase\":\"Paused\",\"pauseConditions\":[{\"reason\":\"CanaryPauseStep\",\"startTime\":\"2026-01-01T00:00:00Z\"}]}}", V1Patch.PatchType.MergePatch),
            "argoproj.io", "v1alpha1", Ns, "rollouts", "rollouts-demo");
        await kubectl.OkAsync("patch", "rollout", "rollouts-demo", "-n", Ns, "--subresource", "status", "--type", "merge", "-p", "{\"status\":{\"pauseConditions\":null}}");
        var rollout = api.Get("argoproj.io", "rollouts", Ns, "rollouts-demo")!;
        rollout["status"]!["pauseConditions"].Should().BeNull();
        Obj.Str(rollout["status"]!["phase"]).Should().Be("Paused");

        // kubectl scale goes through the scale subresource (CRD specReplicasPath) and the Deployment's.
        await kubectl.OkAsync("scale", "rollout", "rollouts-demo", "-n", Ns, "--replicas=3");
        Obj.Long(api.Get("argoproj.io", "rollouts", Ns, "rollouts-demo")!["spec"]!["replicas"]).Should().Be(3);
        await kubectl.OkAsync("scale", "deployment/rollouts-demo-deployment", "-n", Ns, "--replicas=4");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("rollouts-demo-deployment", Ns)).Spec.Replicas.Should().Be(4);
        api.Audit.Entries.Should().Contain(e => e.Subresource == "scale" && e.Verb == "patch" && e.StatusCode == 200);

        // delete (kubectl waits for the object to disappear)
        (await kubectl.OkAsync("delete", "rollout", "rollouts-demo", "-n", Ns)).Should().Contain("deleted");
        api.Get("argoproj.io", "rollouts", Ns, "rollouts-demo").Should().BeNull();
        var missing = await kubectl.RunAsync("get", "rollout", "rollouts-demo", "-n", Ns);
        missing.Code.Should().NotBe(0);
        missing.Err.Should().Contain("NotFound").And.Contain("rollouts.argoproj.io \"rollouts-demo\" not found");
    }

    [SkippableKubectlFact]
    public async Task Kubectl_sees_replicaset_pods_and_deletes_with_cascade()
    {
        await using var api = await KubeApiEmulator.StartAsync();
        using var kubectl = new Kubectl(api);
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("web", replicas: 3), "default");

        var pods = await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "name");
        pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3).And.OnlyContain(p => p.StartsWith("pod/web-", StringComparison.Ordinal));
        var json = JsonNode.Parse(await kubectl.OkAsync("get", "rs", "web", "-o", "json"))!;
        Obj.Long(json["status"]!["readyReplicas"]).Should().Be(3);

        await kubectl.OkAsync("delete", "rs", "web", "--cascade=foreground");
        (await kubectl.OkAsync("get", "pods", "-o", "name")).Trim().Should().BeEmpty();
    }
}

/// <summary>A fact that is skipped, with a clear message, when kubectl is not installed.</summary>
public sealed class SkippableKubectlFactAttribute : FactAttribute
{
    public SkippableKubectlFactAttribute()
    {
        if (Kubectl.Binary is null)
        {
            Skip = "kubectl is not installed on this machine (looked in PATH, /usr/bin, /usr/local/bin): kubectl fidelity tests skipped";
        }
    }
}
