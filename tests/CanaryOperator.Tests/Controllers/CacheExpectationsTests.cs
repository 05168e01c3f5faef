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
    public void A_waiting_rollout_is_woken_by_the_cache_change_that_satisfies_it_and_only_once()
    {
        var expectations = new CacheExpectations(_caches, _clock);
        var woken = new List<string>();
        var rolloutWaker = expectations.Waker<Rollout>(WrittenObject.Rollout, woken.Add);
        var replicaSetWaker = expectations.Waker<V1ReplicaSet>(WrittenObject.ReplicaSet, woken.Add);
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.Rollout, "ns", "ro", "12"), new WrittenObject(WrittenObject.ReplicaSet, "ns", "ro-abc", "11")]);

        rolloutWaker.OnUpdate(CacheRollout("11"), CacheRollout("12"));
        woken.Should().BeEmpty("the ReplicaSet write is not in the cache yet");
        replicaSetWaker.OnAdd(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "other", NamespaceProperty = "ns", ResourceVersion = "20" } });
        woken.Should().BeEmpty("nobody waits on that ReplicaSet");

        replicaSetWaker.OnAdd(CacheReplicaSet("11"));
        woken.Should().Equal("ns/ro");
        expectations.Satisfied("ns/ro").Should().BeTrue();

        replicaSetWaker.OnUpdate(CacheReplicaSet("11"), CacheReplicaSet("14"));
        woken.Should().Equal(["ns/ro"], "a satisfied Rollout waits on nothing any more");
    }

    [Fact]
    public void Newer_expectations_replace_the_objects_a_rollout_waits_on()
    {
        var expectations = new CacheExpectations(_caches, _clock);
        var woken = new List<string>();
        var replicaSetWaker = expectations.Waker<V1ReplicaSet>(WrittenObject.ReplicaSet, woken.Add);
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.ReplicaSet, "ns", "ro-abc", "11")]);
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.Rollout, "ns", "ro", "30")]);

        replicaSetWaker.OnAdd(CacheReplicaSet("11"));
        woken.Should().BeEmpty("the Rollout now waits on its own write only");
        expectations.Forget("ns/ro");
        expectations.SatisfiedBy(WrittenObject.Rollout, "ns", "ro").Should().BeEmpty();
    }

    [Fact]
    public async Task A_reconcile_that_finds_the_caches_behind_returns_early_as_cache_lag_with_the_fallback_retry()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var expectations = new CacheExpectations(_caches, _clock);
        await using var events = new EventRecorder(client, "argo-rollouts", "test", _clock);
        var istio = IstioResources.Default;
        var controller = new RolloutController(
            _caches, new RolloutPods(client), new ActionExecutor(client, istio), new RolloutStatusWriter(client), events, expectations,
            new RolloutGauges(new Runtime.Metrics.MetricsRegistry()), new DestinationRuleReleaser(_caches, new DestinationRuleWriter(client, istio)),
            new DeferredStatuses(), _clock, NullLogger<RolloutController>.Instance, TimeSpan.FromMinutes(5));
        CacheRollout("10");
        expectations.Expect("ns/ro", [new WrittenObject(WrittenObject.Rollout, "ns", "ro", "12")]);

        var result = await controller.ReconcileAsync("ns/ro", CancellationToken.None);

        result.Outcome.Should().Be("cache_lag");
        result.RequeueDelay.Should().Be(RolloutController.CacheLagRetry);
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

    private Rollout CacheRollout(string rv)
    {
        var rollout = new Rollout { Metadata = new V1ObjectMeta { Name = "ro", NamespaceProperty = "ns", ResourceVersion = rv } };
        _caches.Rollouts.All.Single().Store.Upsert(rollout);
        return rollout;
    }

    private V1ReplicaSet CacheReplicaSet(string rv)
    {
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "ro-abc", NamespaceProperty = "ns", ResourceVersion = rv } };
        _caches.ReplicaSets.All.Single().Store.Upsert(rs);
        return rs;
    }
}
