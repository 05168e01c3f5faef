using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;
using k8s.Models;

namespace CanaryOperator.Api.Tests.Examples;

/// <summary>
/// The core objects of the examples (Namespace, Service, Deployment, HPA) use only fields Kubernetes knows:
/// KubernetesClient's generated models drop unknown fields, so a JSON-equal round trip proves there is no typo.
/// </summary>
public sealed class ExampleCoreObjectTests
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Func<JsonNode, object>> Models = new()
    {
        [("v1", "Namespace")] = n => ApiJson.Deserialize<V1Namespace>(n),
        [("v1", "Service")] = n => ApiJson.Deserialize<V1Service>(n),
        [("apps/v1", "Deployment")] = n => ApiJson.Deserialize<V1Deployment>(n),
        [("autoscaling/v1", "HorizontalPodAutoscaler")] = n => ApiJson.Deserialize<V1HorizontalPodAutoscaler>(n),
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = n => ApiJson.Deserialize<V2HorizontalPodAutoscaler>(n),
    };

    // Checked elsewhere: Rollout (our CRD), VirtualService / DestinationRule (Istio's CRDs). Gateway: the
    // reference has no Gateway CRD, so it is only checked for being the webinar's object (fidelity tests).
    private static readonly string[] CheckedElsewhere = ["Rollout", "VirtualService", "DestinationRule", "Gateway"];

    public static TheoryData<string> CoreFiles => ExampleManifests.Rows(
        ExampleManifests.Files.SelectMany(ExampleManifests.Documents).Where(d => !CheckedElsewhere.Contains(d.Kind)).Select(d => d.File));

    [Fact]
    public void Every_example_kind_is_checked_somewhere()
    {
        var kinds = ExampleManifests.Files.SelectMany(ExampleManifests.Documents).Select(d => (d.ApiVersion, d.Kind)).Distinct();

        kinds.Should().OnlyContain(k => CheckedElsewhere.Contains(k.Kind) || Models.ContainsKey(k));
        ((IEnumerable<object[]>)CoreFiles).Should().HaveCount(9, "examples/ holds 3 Namespaces, 4 Services, 1 Deployment and 1 HPA");
    }

    [Theory]
    [MemberData(nameof(CoreFiles))]
    public void Core_object_has_only_known_fields(string file)
    {
        var doc = ExampleManifests.Documents(file).Single();

        Models.Should().ContainKey((doc.ApiVersion, doc.Kind), $"{doc.Kind} in {file} needs a model to be checked");
        var output = ApiJson.ToNode(Models[(doc.ApiVersion, doc.Kind)](doc.Node));

        JsonComparison.Differences(doc.Node, output).Should().BeEmpty();
    }

    [Fact]
    public void The_check_catches_a_misspelt_field()
    {
        var doc = ExampleManifests.Documents("istio-subset/03-deployment.yaml").Single();
        doc.Node["spec"]!.AsObject()["replica"] = 1;

        var output = ApiJson.ToNode(Models[("apps/v1", "Deployment")](doc.Node));

        JsonComparison.Differences(doc.Node, output).Should().Equal("$.spec.replica: missing (expected 1)");
    }
}
