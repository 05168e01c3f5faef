using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.RoundTrip;

/// <summary>Every reference Rollout read into the model and written back is JSON-equal to its input.</summary>
public sealed class RolloutRoundTripTests
{
    public static TheoryData<string> ReferenceRollouts => ReferenceManifests.LabelsOfKind("Rollout");

    [Theory]
    [MemberData(nameof(ReferenceRollouts))]
    public void Reference_rollout_round_trips_unchanged(string label)
    {
        var input = ReferenceManifests.ByLabel(label).Node;

        var rollout = ApiJson.Deserialize<Rollout>(input);
        var output = ApiJson.ToNode(rollout);

        JsonComparison.Differences(input, output).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ReferenceRollouts))]
    public void Reference_rollout_canary_fields_land_in_typed_properties(string label)
    {
        var input = ReferenceManifests.ByLabel(label).Node;

        var rollout = ApiJson.Deserialize<Rollout>(input);

        // Whatever is preserved-only may sit in Extra; the canary fields this operator acts on must not.
        rollout.Spec.Extra.Should().BeNull();
        rollout.Spec.Strategy.Extra.Should().BeNull();
        var canary = rollout.Spec.Strategy.Canary!;
        canary.Extra.Should().BeNull();
        canary.Steps.Should().NotBeNullOrEmpty().And.OnlyContain(s => s.Extra == null);
        canary.Steps!.Count.Should().Be(input["spec"]!["strategy"]!["canary"]!["steps"]!.AsArray().Count);
        if (canary.TrafficRouting is { } routing)
        {
            routing.Istio.Should().NotBeNull("every reference Rollout with trafficRouting uses Istio");
            routing.Extra?.Keys.Should().BeSubsetOf(["alb"], "only the ALB mesh fixture adds another router");
        }

        rollout.Metadata.Name.Should().Be(input["metadata"]!["name"]!.GetValue<string>());
    }
}
