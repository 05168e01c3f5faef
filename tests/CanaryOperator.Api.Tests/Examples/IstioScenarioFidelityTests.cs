using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Examples;

/// <summary>
/// The two Istio scenarios are the webinar's objects: everything except the subset Rollout is JSON-equal to its
/// reference document, and that Rollout differs only where the issue asks (5 replicas, first step 20 %).
/// </summary>
public sealed class IstioScenarioFidelityTests
{
    public static TheoryData<string, string> Copies => new()
    {
        { "istio-subset/00-namespace.yaml", "imesh-webinar/namespace.yaml#0" },
        { "istio-subset/01-gateway.yaml", "imesh-webinar/gateway.yaml#0" },
        { "istio-subset/02-service.yaml", "imesh-webinar/single-svc-vs-multiple-set/service.yaml#0" },
        { "istio-subset/03-deployment.yaml", "imesh-webinar/single-svc-vs-multiple-set/deployment.yaml#0" },
        { "istio-subset/04-destinationrule.yaml", "imesh-webinar/single-svc-vs-multiple-set/destination-rule.yaml#0" },
        { "istio-subset/05-virtualservice.yaml", "imesh-webinar/single-svc-vs-multiple-set/single-vs-multiple-set.yaml#0" },
        { "istio-subset/07-horizontalpodautoscaler.yaml", "imesh-webinar/rollout-hpa.yaml#0" },
        { "istio-host-split/00-namespace.yaml", "imesh-webinar/namespace.yaml#0" },
        { "istio-host-split/01-gateway.yaml", "imesh-webinar/gateway.yaml#0" },
        { "istio-host-split/02-service-canary.yaml", "imesh-webinar/single-vs-multiple-svc/services.yaml#0" },
        { "istio-host-split/03-service-stable.yaml", "imesh-webinar/single-vs-multiple-svc/services.yaml#1" },
        { "istio-host-split/04-virtualservice.yaml", "imesh-webinar/single-vs-multiple-svc/multiple-svc-single-vs.yaml#0" },
        { "istio-host-split/05-rollout.yaml", "imesh-webinar/single-vs-multiple-svc/rollout.yaml#0" },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Example_equals_its_reference_document(string example, string reference)
    {
        var doc = ExampleManifests.Documents(example).Single();

        JsonComparison.Differences(Reference(reference), doc.Node).Should().BeEmpty();
    }

    [Fact]
    public void Subset_rollout_differs_from_the_reference_only_in_replicas_and_first_weight()
    {
        var doc = ExampleManifests.Documents("istio-subset/06-rollout.yaml").Single();

        JsonComparison.Differences(Reference("imesh-webinar/single-svc-vs-multiple-set/rollout-for-deployment.yaml#0"), doc.Node)
            .Should().Equal(
                "$.spec.replicas: expected 1, got 5",
                "$.spec.strategy.canary.steps[0].setWeight: expected 33, got 20");
    }

    [Fact]
    public void Subset_rollout_is_what_the_issue_specifies()
    {
        var rollout = ApiJson.Deserialize<Rollout>(ExampleManifests.Documents("istio-subset/06-rollout.yaml").Single().Node);

        rollout.Metadata.Name.Should().Be("rollouts-demo");
        rollout.Metadata.NamespaceProperty.Should().Be("istio-argo-rollouts");
        rollout.Spec.Replicas.Should().Be(5);
        rollout.Spec.RevisionHistoryLimit.Should().Be(2);
        rollout.Spec.WorkloadRef.Should().BeEquivalentTo(new WorkloadRef
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Name = "rollouts-demo-deployment",
        });
        rollout.Spec.WorkloadRef!.ScaleDown.Should().BeNull("the issue keeps the Rollout without scaleDown");
        var steps = rollout.Spec.Strategy.Canary!.Steps!
            .Select(s => s.SetWeight is { } w ? $"setWeight {w}" : s.Pause!.Duration is { } d ? $"pause {d}" : "pause {}");
        steps.Should().Equal(
            "setWeight 20", "pause {}", "setWeight 40", "pause 10", "setWeight 60", "pause 10", "setWeight 80", "pause 10");
        rollout.Spec.Strategy.Canary.Steps!.Where(s => s.Pause?.Duration is not null)
            .Should().OnlyContain(s => !s.Pause!.Duration!.Value.IsString, "the durations are bare integers (seconds)");
        var istio = rollout.Spec.Strategy.Canary.TrafficRouting!.Istio!;
        istio.VirtualService!.Name.Should().Be("rollouts-demo-vs2");
        istio.VirtualService.Routes.Should().Equal("route-one");
        istio.DestinationRule.Should().BeEquivalentTo(new IstioDestinationRuleRef
        {
            Name = "rollout-destrule",
            CanarySubsetName = "canary",
            StableSubsetName = "stable",
        });
    }

    private static JsonObject Reference(string label)
    {
        var hash = label.LastIndexOf('#');
        var file = label[..hash];
        var index = int.Parse(label[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return ReferenceManifests.All.Single(d => d.File == file && d.Index == index).Node;
    }
}
