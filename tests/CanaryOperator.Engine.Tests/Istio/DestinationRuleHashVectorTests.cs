using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary><c>istio_destinationrule_hash.json</c>: UpdateHash and its delay gate.</summary>
public sealed class DestinationRuleHashVectorTests
{
    [Theory]
    [MemberData(nameof(VectorFile.Cases), "istio_destinationrule_hash.json", MemberType = typeof(VectorFile))]
    public void Vector(string file, int index, string description)
    {
        var (function, _, input, expected) = VectorFile.Case(file, index);
        var rollout = VectorInputs.CompactRollout(input["rollout"]);
        var canaryHash = (string?)input["canaryHash"];
        var stableHash = (string?)input["stableHash"];
        var replicaSets = VectorInputs.ReplicaSets(input["replicaSets"]);

        if (function == "shouldDelayDestinationRuleUpdate")
        {
            var (delay, name) = DestinationRuleHashes.ShouldDelayUpdate(rollout, canaryHash, stableHash, replicaSets);
            delay.Should().Be((bool)expected["shouldDelay"]!, description);
            name.Should().Be((string?)expected["rsName"]);
            return;
        }

        // UpdateHash: the gate runs first and, when it fires, nothing is written.
        var gate = DestinationRuleHashes.DelayError(rollout, canaryHash, stableHash, replicaSets);
        if (expected["errorContains"] is { } contains && ((string)contains!).StartsWith("delaying", StringComparison.Ordinal))
        {
            gate.Should().NotBeNull(description).And.Contain((string)contains!);
            return;
        }

        gate.Should().BeNull(description);
        var config = rollout.Spec.Strategy.Canary!.TrafficRouting!.Istio!.DestinationRule!;
        var live = input.ContainsKey("destinationRule")
            ? input["destinationRule"] is { } dr ? ApiJson.Deserialize<DestinationRule>(dr) : null
            : Fixture(expected);
        var result = DestinationRuleHashes.Apply(live, config, rollout.Metadata.Name, canaryHash, stableHash, VectorInputs.Additional(input["additionalDestinations"]));

        if (expected["error"] is JsonValue error)
        {
            result.Error.Should().Be((string?)error);
            return;
        }

        if (expected["errorContains"] is { } errorContains)
        {
            result.Error.Should().NotBeNull().And.Contain((string)errorContains!);
            return;
        }

        result.Error.Should().BeNull(description);
        var updated = result.Updated!;
        if (expected["apiActions"] is JsonArray actions)
        {
            result.Changed.Should().Be(actions.Any(a => (string?)a == "update"), description);
        }

        if (expected["destinationRuleAfter"] is { } after)
        {
            JsonNode.DeepEquals(ApiJson.ToNode(updated), after).Should().BeTrue(ApiJson.Serialize(updated));
        }

        if (expected["annotations"] is JsonObject annotations)
        {
            updated.Metadata.Annotations.Should().BeEquivalentTo(annotations.ToDictionary(a => a.Key, a => (string)a.Value!));
        }

        if (expected["subsetLabels"] is JsonObject subsetLabels)
        {
            foreach (var (name, labels) in subsetLabels)
            {
                Labels(updated, name).Should().BeEquivalentTo(labels!.AsObject().ToDictionary(a => a.Key, a => (string)a.Value!));
            }
        }

        if (expected["subsets"] is JsonArray subsets)
        {
            JsonNode.DeepEquals(ApiJson.ToNode(updated)["spec"]!["subsets"], subsets).Should().BeTrue(ApiJson.Serialize(updated.Spec));
        }

        if (expected["subsetCount"] is { } count)
        {
            updated.Spec.Subsets.Should().HaveCount((int)count!);
        }

        foreach (var (key, value) in expected.Where(e => e.Key.StartsWith("subsets[", StringComparison.Ordinal)))
        {
            var i = int.Parse(key["subsets[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            JsonNode.DeepEquals(ApiJson.ToNode(updated.Spec.Subsets![i]), value).Should().BeTrue(key);
        }

        if (live is not null)
        {
            JsonNode.DeepEquals(result.Patch.Apply(ApiJson.ToNode(live)), ApiJson.ToNode(updated)).Should().BeTrue("patch reproduces the result");
        }
    }

    private static IReadOnlyDictionary<string, string>? Labels(DestinationRule rule, string subset) =>
        rule.Spec.Subsets!.Single(s => s.Name == subset).Labels;

    /// <summary>
    /// Four vectors (TestUpdateHashReadyReplicaSets / TestUpdateHashAbortScenarios) omit the DestinationRule fixture
    /// the Go test used. We supply the Go test's two-subset rule: unlabelled when the vector expects an update, and
    /// already labelled and annotated when it expects no API call. The delay gate is asserted from the vector itself.
    /// </summary>
    private static DestinationRule Fixture(JsonObject expected)
    {
        var expectsUpdate = expected["apiActions"] is JsonArray a && a.Any(x => (string?)x == "update");
        return expectsUpdate
            ? ApiJson.Deserialize<DestinationRule>("""{"metadata":{"name":"istio-destrule","namespace":"default"},"spec":{"subsets":[{"name":"stable","labels":{"rollouts-pod-template-hash":"old"}},{"name":"canary","labels":{"rollouts-pod-template-hash":"old"}}]}}""")
            : ApiJson.Deserialize<DestinationRule>("""{"metadata":{"name":"istio-destrule","namespace":"default","annotations":{"argo-rollouts.argoproj.io/managed-by-rollouts":"rollout"}},"spec":{"subsets":[{"name":"stable","labels":{"rollouts-pod-template-hash":"def456"}},{"name":"canary","labels":{"rollouts-pod-template-hash":"abc123"}}]}}""");
    }
}
