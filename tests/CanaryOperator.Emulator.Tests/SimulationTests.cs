using System.Globalization;
using CanaryOperator.Emulator.Simulation;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class SimulationTests
{
    private static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task ReplicaSet_pods_become_ready_after_the_configured_delay_on_the_virtual_clock()
    {
        var clock = NewClock();
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, Clock = clock, DefaultPodReadyDelay = TimeSpan.FromSeconds(30) });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("web", replicas: 3), "default");

        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");
        pods.Items.Should().HaveCount(3);
        pods.Items.Should().OnlyContain(p => p.Metadata.OwnerReferences.Single().Kind == "ReplicaSet" && p.Metadata.OwnerReferences.Single().Controller == true);
        pods.Items.Should().OnlyContain(p => p.Status.Phase == "Pending");
        var rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default");
        rs.Status.Replicas.Should().Be(3);
        (rs.Status.ReadyReplicas ?? 0).Should().Be(0);
        rs.Status.ObservedGeneration.Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(29));
        ((await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default")).Status.ReadyReplicas ?? 0).Should().Be(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default");
        rs.Status.ReadyReplicas.Should().Be(3);
        rs.Status.AvailableReplicas.Should().Be(3);
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().OnlyContain(p => p.Status.Phase == "Running" && p.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"));

        // Scaling down removes pods; scaling up adds not-yet-ready ones.
        await client.AppsV1.PatchNamespacedReplicaSetScaleAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", "default");
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().HaveCount(1);
        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", "default");
        rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default");
        rs.Status.Replicas.Should().Be(4);
        rs.Status.ReadyReplicas.Should().Be(1);
        rs.Status.ObservedGeneration.Should().Be(rs.Metadata.Generation);
        clock.Advance(TimeSpan.FromMinutes(1));
        (await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default")).Status.ReadyReplicas.Should().Be(4);
    }

    [Fact]
    public async Task Image_rules_make_pods_never_ready_or_crash_loop()
    {
        var clock = NewClock();
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, Clock = clock });
        api.Pods.ForImage(":bad", PodOutcome.Never);
        api.Pods.ForImage(":crash", PodOutcome.CrashLoop(TimeSpan.FromSeconds(10)));
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("good", image: "app:good"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("bad", image: "app:bad"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("crash", image: "app:crash"), "default");
        clock.Advance(TimeSpan.FromSeconds(35));

        (await client.AppsV1.ReadNamespacedReplicaSetAsync("good", "default")).Status.ReadyReplicas.Should().Be(2, "the default is ready at once");
        var bad = await client.AppsV1.ReadNamespacedReplicaSetAsync("bad", "default");
        (bad.Status.ReadyReplicas ?? 0).Should().Be(0);
        bad.Status.Replicas.Should().Be(2);
        var crashing = (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=crash")).Items;
        crashing.Should().HaveCount(2);
        crashing.Should().OnlyContain(p => p.Status.ContainerStatuses[0].State.Waiting.Reason == "CrashLoopBackOff" && p.Status.ContainerStatuses[0].RestartCount >= 3);
        ((await client.AppsV1.ReadNamespacedReplicaSetAsync("crash", "default")).Status.ReadyReplicas ?? 0).Should().Be(0);
    }

    [Fact]
    public async Task The_replicaset_controller_can_be_switched_off()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("web"), "default");
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().BeEmpty();
        api.Pods.Enabled = true;
        api.Pods.SyncAll();
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(4, 90, 50, 1, 10, 8)]
    [InlineData(4, 54, 50, 1, 10, 4)] // within the 10 % tolerance
    [InlineData(4, 20, 50, 1, 10, 2)]
    [InlineData(4, 500, 50, 1, 10, 10)] // capped at max
    [InlineData(4, 1, 50, 3, 10, 3)] // floored at min
    [InlineData(3, 70, 60, 1, 10, 4)] // ceil(3.5)
    public void Hpa_formula(int current, double metric, double target, int min, int max, int expected) =>
        HpaSimulator.Desired(current, metric, target, min, max).Should().Be(expected);

    [Fact]
    public async Task The_hpa_scales_a_rollout_through_its_scale_paths_on_each_sync_period()
    {
        var clock = NewClock();
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, Clock = clock, HpaSyncPeriod = TimeSpan.FromSeconds(15) });
        using var client = api.CreateClient();
        await Support.CreateCrdsAsync(client, Support.RolloutCrdPath);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Support.Manifest("imesh-webinar", "single-svc-vs-multiple-set", "rollout-for-deployment.yaml"), "argoproj.io", "v1alpha1", "default", "rollouts");
        await client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(new V2HorizontalPodAutoscaler
        {
            Metadata = new V1ObjectMeta { Name = "hpa" },
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "argoproj.io/v1alpha1", Kind = "Rollout", Name = "rollouts-demo" },
                MinReplicas = 1,
                MaxReplicas = 6,
                Metrics = [new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 50 } } }],
            },
        }, "default");

        api.Hpa.SetMetric("default", "Rollout", "rollouts-demo", 150);
        clock.Advance(TimeSpan.FromSeconds(15));
        Replicas().Should().Be(3);
        clock.Advance(TimeSpan.FromSeconds(15));
        Replicas().Should().Be(6, "ceil(3 × 150 / 50) = 9, capped at 6");
        var hpa = await client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("hpa", "default");
        hpa.Status.DesiredReplicas.Should().Be(6);
        hpa.Status.CurrentReplicas.Should().Be(3);

        api.Hpa.SetMetric("default", "Rollout", "rollouts-demo", 52);
        clock.Advance(TimeSpan.FromSeconds(15));
        Replicas().Should().Be(6, "within tolerance");
        api.Hpa.Enabled = false;
        api.Hpa.SetMetric("default", "Rollout", "rollouts-demo", 10);
        clock.Advance(TimeSpan.FromMinutes(2));
        Replicas().Should().Be(6, "the HPA is switched off");
        api.Hpa.SyncNow();
        Replicas().Should().Be(2);

        long Replicas() => Storage.Obj.Long(api.Get("argoproj.io", "rollouts", "default", "rollouts-demo")!["spec"]!["replicas"]) ?? -1;
    }
}
