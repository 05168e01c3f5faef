using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Controllers;
using CanaryOperator.Observe;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Tests.Controllers;

public sealed class CacheExpectationsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly OperatorCaches _caches;

    public CacheExpectationsTests()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        _caches = new OperatorCaches(client, new CacheSettings { Time = _clock }, NullLoggerFactory.Instance);
    }

    [Fact]
    public void A_key_waits_until_the_cache_shows_the_written_resource_versions()
    {
        var expectations = new CacheExpectations(_caches, _clock);
        CacheRollout("10");
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.Rollout, "ns", "ro", "12"), new WrittenObject(WrittenObject.ReplicaSet, "ns", "ro-abc", "11")]);
        expectations.Satisfied("ns/ro").Should().BeFalse();

        CacheRollout("12");
        expectations.Satisfied("ns/ro").Should().BeFalse("the ReplicaSet is not cached yet");
        CacheReplicaSet("13");
        expectations.Satisfied("ns/ro").Should().BeTrue("a later version than the one we wrote also counts");
        expectations.Satisfied("other/key").Should().BeTrue();
    }

    [Fact]
    public void A_delete_is_seen_when_the_object_leaves_the_cache_and_expectations_lapse_after_the_timeout()
    {
        var expectations = new CacheExpectations(_caches, _clock) { Timeout = TimeSpan.FromSeconds(30) };
        CacheReplicaSet("5");
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.ReplicaSet, "ns", "ro-abc", null)]);
        expectations.Satisfied("ns/ro").Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(31));
        expectations.Satisfied("ns/ro").Should().BeTrue("a lost event must never wedge a Rollout");
    }

    [Fact]
    public void Indexes_map_deployments_virtual_services_destination_rules_and_services_back_to_rollouts()
    {
        var rollout = new Rollout
        {
            Metadata = new V1ObjectMeta { Name = "ro", NamespaceProperty = "ns", ResourceVersion = "1", Uid = "u1" },
            Spec = new RolloutSpec
            {
                WorkloadRef = new WorkloadRef { ApiVersion = "apps/v1", Kind = "Deployment", Name = "deploy" },
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryStrategy
                    {
                        CanaryService = "svc-canary",
                        StableService = "svc-stable",
                        TrafficRouting = new TrafficRouting
                        {
                            Istio = new IstioTrafficRouting
                            {
                                VirtualServices = [new IstioVirtualServiceRef { Name = "vs1" }, new IstioVirtualServiceRef { Name = "vs2.other" }],
                                DestinationRule = new IstioDestinationRuleRef { Name = "dr", CanarySubsetName = "c", StableSubsetName = "s" },
                            },
                        },
                    },
                },
            },
        };
        _caches.Rollouts.All.Single().Store.Upsert(rollout);
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByDeployment, "ns/deploy").Should().Equal("ns/ro");
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByVirtualService, "ns/vs1").Should().Equal("ns/ro");
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByVirtualService, "other/vs2").Should().Equal(["ns/ro"], "vs2.other names namespace other");
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByDestinationRule, "ns/dr").Should().Equal("ns/ro");
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByService, "ns/svc-stable").Should().Equal("ns/ro");
        _caches.Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByDeployment, "ns/other").Should().BeEmpty();

        var rs = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = "ro-abc",
                NamespaceProperty = "ns",
                OwnerReferences = [new V1OwnerReference { Kind = "Rollout", Name = "ro", Uid = "u1", Controller = true, ApiVersion = Rollout.ApiGroupVersion }],
            },
        };
        RolloutIndexes.OwnerRolloutKey(rs).Should().Be("ns/ro");
    }

    private void CacheRollout(string rv) =>
        _caches.Rollouts.All.Single().Store.Upsert(new Rollout { Metadata = new V1ObjectMeta { Name = "ro", NamespaceProperty = "ns", ResourceVersion = rv } });

    private void CacheReplicaSet(string rv) =>
        _caches.ReplicaSets.All.Single().Store.Upsert(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "ro-abc", NamespaceProperty = "ns", ResourceVersion = rv } });
}
