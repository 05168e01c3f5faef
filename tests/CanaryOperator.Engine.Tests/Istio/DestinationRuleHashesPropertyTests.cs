using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CsCheck;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary>Properties of <see cref="DestinationRuleHashes.Apply"/> over random subset lists.</summary>
public sealed class DestinationRuleHashesPropertyTests
{
    private static readonly IstioDestinationRuleRef Config = new() { Name = "dr", CanarySubsetName = "canary", StableSubsetName = "stable" };

    private static readonly Gen<string> SubsetJson =
        from name in Gen.OneOf<string>("stable", "canary", "exp-a", "exp-b", "old")
        from labels in Gen.OneOf<string>("", ",\"labels\":{\"v\":\"1\"}", ",\"labels\":{\"rollouts-pod-template-hash\":\"x\"}")
        from policy in Gen.OneOf<string>("", ",\"trafficPolicy\":{\"tls\":{\"mode\":\"ISTIO_MUTUAL\"}}")
        select $"{{\"name\":\"{name}\"{labels}{policy}}}";

    private static readonly Gen<(DestinationRule Rule, string Canary, string Stable, List<WeightDestination> Additional)> Inputs =
        from subsets in SubsetJson.Array[0, 5]
        from annotated in Gen.Bool
        from canary in Gen.OneOf<string>("", "c1", "x")
        from stable in Gen.OneOf<string>("", "s1", "x")
        from experiments in Gen.OneOf<string>("exp-a", "exp-b", "exp-c").Array[0, 2]
        select (
            ApiJson.Deserialize<DestinationRule>(
                "{\"metadata\":{\"name\":\"dr\"" + (annotated ? ",\"annotations\":{\"argo-rollouts.argoproj.io/managed-by-rollouts\":\"ro\"}" : "")
                + "},\"spec\":{\"host\":\"svc\",\"trafficPolicy\":{\"loadBalancer\":{\"simple\":\"LEAST_CONN\"}},\"subsets\":[" + string.Join(",", subsets) + "]}}"),
            canary,
            stable,
            experiments.Distinct().Select(e => new WeightDestination { ServiceName = e, PodTemplateHash = "h-" + e, Weight = 10 }).ToList());

    [Fact]
    public void Patch_reproduces_the_result_and_a_second_apply_is_a_no_op()
    {
        Inputs.Sample(t =>
        {
            var once = DestinationRuleHashes.Apply(t.Rule, Config, "ro", t.Canary, t.Stable, t.Additional);
            JsonNode.DeepEquals(once.Patch.Apply(ApiJson.ToNode(t.Rule)), ApiJson.ToNode(once.Updated!)).Should().BeTrue(once.Patch.ToJsonString());
            var twice = DestinationRuleHashes.Apply(once.Updated, Config, "ro", t.Canary, t.Stable, t.Additional);
            twice.Changed.Should().BeFalse();

            var kept = new[] { "stable", "canary" }.Concat(t.Additional.Select(a => a.ServiceName!)).ToHashSet();
            (once.Updated!.Spec.Subsets ?? []).All(s => kept.Contains(s.Name!)).Should().BeTrue("only stable, canary and current experiment subsets remain");
            once.Updated.Metadata.Annotations.Should().Contain("argo-rollouts.argoproj.io/managed-by-rollouts", "ro");
            foreach (var subset in once.Updated.Spec.Subsets ?? [])
            {
                var want = subset.Name switch { "canary" => t.Canary, "stable" => t.Stable, _ => "h-" + subset.Name };
                (subset.Labels?.GetValueOrDefault("rollouts-pod-template-hash") ?? "").Should().Be(want);
            }

            t.Additional.Select(a => a.ServiceName).Except((once.Updated.Spec.Subsets ?? []).Select(s => s.Name))
                .Should().BeEmpty("every current experiment has its subset");
            once.Updated.Spec.Extra.Should().ContainKey("trafficPolicy");
        }, iter: 500);
    }
}
