using CanaryOperator.Emulator.Diagnostics;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class AuditAndFaultTests
{
    [Fact]
    public async Task The_audit_log_records_verb_path_content_type_and_status_of_every_request()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        api.Audit.Clear();

        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        await client.AppsV1.ListNamespacedDeploymentAsync("default");
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", "default");
        await client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("{\"status\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", "default");
        await Support.StatusOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("missing", "default"));
        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");

        var entries = api.Audit.Entries;
        entries.Select(e => (e.Verb, e.StatusCode)).Should().Equal(
            ("create", 201), ("get", 200), ("list", 200), ("patch", 200), ("patch", 200), ("get", 404), ("delete", 200));
        entries[0].Path.Should().Be("/apis/apps/v1/namespaces/default/deployments");
        entries[0].Resource.Should().Be("deployments");
        entries[3].ContentType.Should().StartWith("application/merge-patch+json");
        entries[4].Subresource.Should().Be("status");
        entries[3].Name.Should().Be("web");
        entries[3].Namespace.Should().Be("default");
        api.Audit.Writes().Should().Be(4);
        api.Audit.Writes("deployments").Should().Be(4);
        api.Audit.Count(e => e.Verb == "get").Should().Be(2);
        entries.Select(e => e.Sequence).Should().BeInAscendingOrder();
    }

    [Theory]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Injected_errors_hit_the_chosen_verb_and_resource_only(int code)
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var rule = api.Faults.Fail("patch", "deployments", code, times: 2);

        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"))).Should().Be(200, "other verbs are untouched");
        (await Support.StatusOf(() => client.CoreV1.PatchNamespaceAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "default"))).Should().Be(200, "other resources are untouched");
        var patch = new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch);
        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default"))).Should().Be(code);
        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default"))).Should().Be(code);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas.Should().Be(2, "a failed request changes nothing");
        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default"))).Should().Be(200, "the rule was limited to two hits");
        api.Faults.Injected.Should().Be(2);
        api.Audit.Count(e => e.StatusCode == code).Should().Be(2);
        api.Faults.Remove(rule);
    }

    [Fact]
    public async Task A_probability_gives_a_seeded_error_rate_and_timeouts_answer_504()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false, Seed = 7 });
        using var client = api.CreateClient();
        api.Faults.Fail("list", "pods", 500, probability: 0.5);
        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            if (await Support.StatusOf(() => client.CoreV1.ListNamespacedPodAsync("default")) == 500)
            {
                failures++;
            }
        }

        failures.Should().BeInRange(60, 140);
        api.Faults.Clear();
        api.Faults.Add(new FaultRule { Verb = "get", Resource = "namespaces", Kind = FaultKind.Timeout, Delay = TimeSpan.FromMilliseconds(5) });
        var error = (await FluentActions.Awaiting(() => client.CoreV1.ReadNamespaceAsync("default")).Should().ThrowAsync<HttpOperationException>()).Which;
        ((int)error.Response.StatusCode).Should().Be(504);
        error.Response.Content.Should().Contain("\"reason\":\"Timeout\"");

        api.Faults.Clear();
        api.Faults.Latency = TimeSpan.FromMilliseconds(1);
        (await client.CoreV1.ReadNamespaceAsync("default")).Metadata.Name.Should().Be("default");
    }
}
