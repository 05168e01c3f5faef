using System.Globalization;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>The pods/eviction subresource with the real client: PodDisruptionBudgets answer 429, a granted eviction deletes the pod.</summary>
public sealed class EvictionTests
{
    private static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    private static V1Eviction Eviction(string pod) => new() { ApiVersion = "policy/v1", Kind = "Eviction", Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = "default" } };

    private static async Task<(KubeApiEmulator Api, Kubernetes Client, FakeTimeProvider Clock)> StartWithReadyPodsAsync(int replicas)
    {
        var clock = NewClock();
        var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, Clock = clock, DefaultPodReadyDelay = TimeSpan.FromSeconds(1) });
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("web", replicas: replicas), "default");
        clock.Advance(TimeSpan.FromSeconds(1));
        return (api, client, clock);
    }

    /// <summary>A budget named <c>web-pdb</c> over the <c>app: web</c> pods, with the given limits.</summary>
    private static Task<V1PodDisruptionBudget> CreateWebBudgetAsync(Kubernetes client, V1PodDisruptionBudgetSpec limits)
    {
        limits.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } };
        return client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget { Metadata = new V1ObjectMeta { Name = "web-pdb" }, Spec = limits }, "default");
    }

    private static async Task<List<string>> PodNamesAsync(Kubernetes client) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items.Select(p => p.Metadata.Name)];

    [Fact]
    public async Task Without_a_budget_an_eviction_deletes_the_pod_and_the_replica_set_replaces_it()
    {
        var (api, client, _) = await StartWithReadyPodsAsync(2);
        await using var _api = api;
        using var _client = client;
        var before = await PodNamesAsync(client);

        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(before[0]), before[0], "default");

        var after = await PodNamesAsync(client);
        after.Should().HaveCount(2).And.NotContain(before[0]).And.Contain(before[1]);
        api.Audit.Entries.Should().Contain(e => e.Verb == "create" && e.Resource == "pods" && e.Subresource == "eviction" && e.StatusCode == 201);
        (await Support.StatusOf(() => client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("nope"), "nope", "default"))).Should().Be(404);
    }

    [Fact]
    public async Task A_min_available_budget_refuses_with_429_until_it_allows_a_disruption()
    {
        var (api, client, clock) = await StartWithReadyPodsAsync(3);
        await using var _api = api;
        using var _client = client;
        await CreateWebBudgetAsync(client, new V1PodDisruptionBudgetSpec { MinAvailable = 3 });
        var pods = await PodNamesAsync(client);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0], "default"));
        ((int)refused.Response.StatusCode).Should().Be(429);
        refused.Response.Content.Should().Contain("disruption budget web-pdb needs 3 healthy pods and has 3 currently");
        (await PodNamesAsync(client)).Should().Contain(pods[0]);

        await client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(new V1Patch("""{"spec":{"minAvailable":"50%"}}""", V1Patch.PatchType.MergePatch), "web-pdb", "default");
        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0], "default");
        (await PodNamesAsync(client)).Should().NotContain(pods[0]);

        // 2 of 3 Ready now (the replacement is not yet): 50 % of 3 rounds up to 2, so no second disruption until it is.
        (await Support.StatusOf(() => client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1], "default"))).Should().Be(429);
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1], "default");
    }

    [Fact]
    public async Task A_budget_with_a_recorded_allowance_spends_it()
    {
        var (api, client, _) = await StartWithReadyPodsAsync(3);
        await using var _api = api;
        using var _client = client;
        await CreateWebBudgetAsync(client, new V1PodDisruptionBudgetSpec { MaxUnavailable = 1 });
        await client.PolicyV1.PatchNamespacedPodDisruptionBudgetStatusAsync(
            new V1Patch("""{"status":{"disruptionsAllowed":1,"currentHealthy":3,"desiredHealthy":2,"expectedPods":3}}""", V1Patch.PatchType.MergePatch), "web-pdb", "default");
        var pods = await PodNamesAsync(client);

        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0], "default");
        (await client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web-pdb", "default")).Status.DisruptionsAllowed.Should().Be(0);
        (await Support.StatusOf(() => client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1], "default"))).Should().Be(429);
    }
}
