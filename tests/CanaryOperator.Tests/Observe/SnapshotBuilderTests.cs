using CanaryOperator.Api.Rollouts;
using CanaryOperator.Observe;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Tests.Observe;

/// <summary>
/// <see cref="SnapshotBuilder"/> remembers the engine's view of each cached ReplicaSet instance: the cache replacing
/// a ReplicaSet (a new resourceVersion is a new instance) must show in the next snapshot.
/// </summary>
public sealed class SnapshotBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly OperatorCaches _caches;

    public SnapshotBuilderTests()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        _caches = new OperatorCaches(client, new CacheSettings { Time = new FakeTimeProvider(Now) }, NullLoggerFactory.Instance);
    }

    [Fact]
    public void A_replaced_replica_set_shows_in_the_next_snapshot_and_an_unchanged_one_is_not_rebuilt()
    {
        var builder = new SnapshotBuilder(_caches);
        var rollout = new Rollout { Metadata = new V1ObjectMeta { Name = "ro", NamespaceProperty = "ns", Uid = "u1", ResourceVersion = "1" } };
        _caches.Rollouts.All.Single().Store.Upsert(rollout);
        CacheReplicaSet("2", replicas: 1, revision: "1");

        var first = builder.Build(rollout, Now).ReplicaSets.Single();
        builder.Build(rollout, Now).ReplicaSets.Single().Should().BeSameAs(first, "the cached instance did not change");
        first.SpecReplicas.Should().Be(1);

        CacheReplicaSet("3", replicas: 3, revision: "2");
        var second = builder.Build(rollout, Now).ReplicaSets.Single();

        second.Should().NotBeSameAs(first);
        second.SpecReplicas.Should().Be(3);
        second.Revision.Should().Be(2);
    }

    private void CacheReplicaSet(string resourceVersion, int replicas, string revision) =>
        _caches.ReplicaSets.All.Single().Store.Upsert(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = "ro-abc",
                NamespaceProperty = "ns",
                ResourceVersion = resourceVersion,
                Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = "abc" },
                Annotations = new Dictionary<string, string> { [RolloutAnnotations.Revision] = revision },
                OwnerReferences = [new V1OwnerReference { Kind = "Rollout", Name = "ro", Uid = "u1", Controller = true, ApiVersion = Rollout.ApiGroupVersion }],
            },
            Spec = new V1ReplicaSetSpec { Replicas = replicas, Selector = new V1LabelSelector() },
        });
}
