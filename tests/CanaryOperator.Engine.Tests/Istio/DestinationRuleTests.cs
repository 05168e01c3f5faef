using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

public sealed class DestinationRuleTests
{
    private static readonly IstioDestinationRuleRef Config = new() { Name = "dr", CanarySubsetName = "canary", StableSubsetName = "stable" };

    private static DestinationRule Rule(string json) => ApiJson.Deserialize<DestinationRule>(json);

    [Fact]
    public void Label_changes_are_guarded_by_the_subset_name_and_unknown_subsets_are_dropped_by_replacing_the_list()
    {
        var live = Rule("""{"metadata":{"name":"dr","annotations":{"a":"b"}},"spec":{"host":"svc","subsets":[{"name":"stable","labels":{"v":"1"}},{"name":"canary"}]}}""");
        var update = DestinationRuleHashes.Apply(live, Config, "ro", "c1", "s1");
        update.Changed.Should().BeTrue();
        update.Patch.ToJsonString().Should().Be(
            """[{"op":"add","path":"/metadata/annotations/argo-rollouts.argoproj.io~1managed-by-rollouts","value":"ro"},"""
            + """{"op":"test","path":"/spec/subsets/0/name","value":"stable"},{"op":"add","path":"/spec/subsets/0/labels/rollouts-pod-template-hash","value":"s1"},"""
            + """{"op":"test","path":"/spec/subsets/1/name","value":"canary"},{"op":"add","path":"/spec/subsets/1/labels","value":{"rollouts-pod-template-hash":"c1"}}]""");

        var withExtra = Rule("""{"metadata":{"name":"dr"},"spec":{"subsets":[{"name":"stable"},{"name":"old"},{"name":"canary"}]}}""");
        var dropped = DestinationRuleHashes.Apply(withExtra, Config, "ro", "c1", "s1");
        dropped.Updated!.Spec.Subsets!.Select(s => s.Name).Should().Equal("stable", "canary");
        dropped.Patch.Operations.Should().Contain(o => o.Op == "test" && o.Path == "/spec/subsets");
        JsonNode.DeepEquals(dropped.Patch.Apply(ApiJson.ToNode(withExtra)), ApiJson.ToNode(dropped.Updated)).Should().BeTrue();
    }

    [Fact]
    public void Applying_twice_changes_nothing_the_second_time()
    {
        var live = Rule("""{"metadata":{"name":"dr"},"spec":{"subsets":[{"name":"stable"},{"name":"canary","trafficPolicy":{"tls":{"mode":"ISTIO_MUTUAL"}}}]}}""");
        var once = DestinationRuleHashes.Apply(live, Config, "ro", "c1", "s1", [new WeightDestination { ServiceName = "exp", PodTemplateHash = "e1", Weight = 10 }]);
        once.Updated!.Spec.Subsets!.Select(s => s.Name).Should().Equal("stable", "canary", "exp");
        var twice = DestinationRuleHashes.Apply(once.Updated, Config, "ro", "c1", "s1", [new WeightDestination { ServiceName = "exp", PodTemplateHash = "e1", Weight = 10 }]);
        twice.Changed.Should().BeFalse();
        twice.Patch.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Cleanup_releases_a_rule_no_rollout_references_any_more()
    {
        var managed = Rule("""{"metadata":{"name":"dr","annotations":{"argo-rollouts.argoproj.io/managed-by-rollouts":"ro"}},"spec":{"subsets":[{"name":"stable","labels":{"rollouts-pod-template-hash":"s1","v":"1"}},{"name":"canary","labels":{"rollouts-pod-template-hash":"c1"}}]}}""");
        var referencing = new Rollout
        {
            Metadata = new() { Name = "ro" },
            Spec = new RolloutSpec { Strategy = new RolloutStrategy { Canary = new CanaryStrategy { TrafficRouting = new TrafficRouting { Istio = new IstioTrafficRouting { DestinationRule = Config } } } } },
        };
        DestinationRuleCleanup.NeedsRelease(managed, [referencing]).Should().BeFalse();
        DestinationRuleCleanup.NeedsRelease(managed, []).Should().BeTrue();
        DestinationRuleCleanup.NeedsRelease(managed, [referencing with { Spec = new RolloutSpec() }]).Should().BeTrue();
        DestinationRuleCleanup.NeedsRelease(Rule("""{"metadata":{"name":"dr"}}"""), []).Should().BeFalse();

        var released = DestinationRuleCleanup.Release(managed);
        released.Updated!.Metadata.Annotations.Should().BeNull();
        released.Updated.Spec.Subsets!.Select(s => s.Labels!.Count).Should().Equal(1, 0);
        released.Updated.Spec.Subsets![0].Labels.Should().ContainKey("v");
        JsonNode.DeepEquals(released.Patch.Apply(ApiJson.ToNode(managed)), ApiJson.ToNode(released.Updated)).Should().BeTrue();
    }

    [Fact]
    public void Delay_gate_skips_the_canary_while_rolling_back_and_ignores_rules_without_subset_routing()
    {
        var rollout = new Rollout
        {
            Spec = new RolloutSpec { Strategy = new RolloutStrategy { Canary = new CanaryStrategy { TrafficRouting = new TrafficRouting { Istio = new IstioTrafficRouting { DestinationRule = Config } } } } },
        };
        var replicaSets = new[] { new Snapshot.ReplicaSetState { Name = "rs-c", PodTemplateHash = "c1", SpecReplicas = 2, AvailableReplicas = 1 } };
        DestinationRuleHashes.DelayError(rollout, "c1", "s1", replicaSets).Should().Be("delaying destination rule switch: ReplicaSet rs-c not fully available");
        DestinationRuleHashes.DelayError(rollout, "c1", "s1", replicaSets, dynamicallyRollingBack: true).Should().BeNull();
        DestinationRuleHashes.DelayError(new Rollout(), "c1", "s1", replicaSets).Should().BeNull();
    }
}
