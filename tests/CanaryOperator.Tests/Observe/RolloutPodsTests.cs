using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Observe;
using CanaryOperator.Tests.EndToEnd;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Tests.Observe;

/// <summary>
/// The on-demand pod observation against the emulator: one list call by the Rollout's selector, only the pods of its
/// own ReplicaSets kept, and no call at all when no restart is due.
/// </summary>
public sealed class RolloutPodsTests
{
    private const string Ns = "default";

    // Two Rollouts the ReplicaSets are owned by (real objects, so the emulator's garbage collector keeps their dependents);
    // no operator runs in these tests.
    private const string Rollouts = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: demo, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: demo}}
          template:
            metadata: {labels: {app: demo}}
            spec: {containers: [{name: main, image: "demo:1"}]}
          strategy: {canary: {}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: other, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: demo}}
          template:
            metadata: {labels: {app: demo}}
            spec: {containers: [{name: main, image: "demo:1"}]}
          strategy: {canary: {}}
        """;

    [Fact]
    public async Task Lists_the_pods_of_the_rollouts_replica_sets_once_when_a_restart_is_due()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Rollouts);
        var owned = await CreateReplicaSetAsync(bed, "demo-aaa", "aaa", Uid(bed, "demo"), replicas: 2);
        await CreateReplicaSetAsync(bed, "other-bbb", "bbb", Uid(bed, "other"), replicas: 1);
        await bed.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "stray", Labels = new Dictionary<string, string> { ["app"] = "demo" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "demo:1" }] },
            }, Ns);
        await bed.AdvanceAsync(TimeSpan.FromSeconds(2));
        bed.Emulator.Audit.Clear();

        var now = bed.Clock.GetUtcNow();
        var snapshot = Snapshot(bed, restartAt: now.AddMinutes(-1), now, owned);
        var pods = await new RolloutPods(bed.Client).ListIfNeededAsync(snapshot, CancellationToken.None);

        pods.Should().NotBeNull();
        pods!.Should().HaveCount(2).And.OnlyContain(p => p.ReplicaSetName == "demo-aaa" && p.PodTemplateHash == "aaa" && p.Ready);
        pods.Should().OnlyContain(p => p.CreationTimestamp <= now && p.ReadySince != null && p.DeletionTimestamp == null);
        var calls = bed.Emulator.Audit.Entries.Where(e => e.Resource == "pods").ToList();
        calls.Should().ContainSingle().Which.Verb.Should().Be("list");
        calls[0].Query.Should().Contain("labelSelector=app=demo");
    }

    [Fact]
    public async Task Makes_no_call_when_no_restart_is_due()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Rollouts);
        var owned = await CreateReplicaSetAsync(bed, "demo-aaa", "aaa", Uid(bed, "demo"), replicas: 1);
        bed.Emulator.Audit.Clear();
        var now = bed.Clock.GetUtcNow();
        var lister = new RolloutPods(bed.Client);

        (await lister.ListIfNeededAsync(Snapshot(bed, restartAt: null, now, owned), CancellationToken.None)).Should().BeNull();
        (await lister.ListIfNeededAsync(Snapshot(bed, restartAt: now.AddMinutes(1), now, owned), CancellationToken.None)).Should().BeNull("restartAt is ahead");
        var done = Snapshot(bed, restartAt: now.AddMinutes(-1), now, owned);
        done = done with { Rollout = done.Rollout with { Status = new RolloutStatus { RestartedAt = done.Rollout.Spec.RestartAt } } };
        (await lister.ListIfNeededAsync(done, CancellationToken.None)).Should().BeNull("this restart is recorded as done");

        bed.Emulator.Audit.Entries.Where(e => e.Resource == "pods").Should().BeEmpty();
    }

    private static string Uid(Testbed bed, string rollout) => bed.Rollout(Ns, rollout)!["metadata"]!["uid"]!.GetValue<string>();

    private static ClusterSnapshot Snapshot(Testbed bed, DateTimeOffset? restartAt, DateTimeOffset now, V1ReplicaSet owned)
    {
        var rollout = ApiJson.Deserialize<Rollout>(bed.Rollout(Ns, "demo")!);
        rollout = rollout with { Spec = rollout.Spec with { RestartAt = restartAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) } };
        return new ClusterSnapshot { Rollout = rollout, Now = now, ReplicaSets = [ReplicaSetStates.From(owned)] };
    }

    private static async Task<V1ReplicaSet> CreateReplicaSetAsync(Testbed bed, string name, string hash, string ownerUid, int replicas)
    {
        var labels = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = hash };
        return await bed.Client.AppsV1.CreateNamespacedReplicaSetAsync(
            new V1ReplicaSet
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = labels,
                    OwnerReferences =
                    [
                        new V1OwnerReference { ApiVersion = Rollout.ApiGroupVersion, Kind = "Rollout", Name = "demo", Uid = ownerUid, Controller = true },
                    ],
                },
                Spec = new V1ReplicaSetSpec
                {
                    Replicas = replicas,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = labels },
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "demo:1" }] },
                    },
                },
            }, Ns);
    }
}
