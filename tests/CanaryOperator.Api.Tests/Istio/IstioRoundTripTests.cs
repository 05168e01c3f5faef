using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Istio;

/// <summary>
/// VirtualService and DestinationRule documents read into the model and written back are JSON-equal to their
/// input: the controller rewrites weights and subset labels in place and must not drop anything a user wrote.
/// </summary>
public sealed class IstioRoundTripTests
{
    private static readonly string DataFolder = RepoPaths.InRepo("tests", "CanaryOperator.Api.Tests", "Istio", "Data");

    private static IReadOnlyList<YamlDocument> RichDocuments =>
        YamlFile.FilesUnder(DataFolder)
            .SelectMany(f => YamlFile.Documents(f, "Istio/Data/" + Path.GetFileName(f)))
            .ToList();

    public static TheoryData<string> ReferenceDocuments =>
        ReferenceManifests.LabelsOfKind(IstioApi.VirtualServiceKind, IstioApi.DestinationRuleKind);

    public static TheoryData<string> RichDocumentLabels
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var doc in RichDocuments)
            {
                data.Add(doc.Label);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceDocuments))]
    public void Reference_document_round_trips_unchanged(string label)
    {
        AssertRoundTrip(ReferenceManifests.ByLabel(label));
    }

    [Theory]
    [MemberData(nameof(RichDocumentLabels))]
    public void Rich_document_round_trips_unchanged(string label)
    {
        AssertRoundTrip(RichDocuments.Single(d => d.Label == label));
    }

    // The rich documents are only evidence if Istio itself accepts them: no invented fields.
    [Theory]
    [MemberData(nameof(RichDocumentLabels))]
    public void Rich_document_is_valid_for_istio(string label)
    {
        var doc = RichDocuments.Single(d => d.Label == label);

        IstioCrds.Validator(doc.Kind, doc.ApiVersion.Split('/')[1]).Errors(doc.Node).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ReferenceDocuments))]
    public void Reference_document_is_valid_for_istio(string label)
    {
        var doc = ReferenceManifests.ByLabel(label);

        IstioCrds.Validator(doc.Kind, doc.ApiVersion.Split('/')[1]).Errors(doc.Node).Should().BeEmpty();
    }

    [Fact]
    public void Rich_documents_cover_every_supported_istio_version_for_both_kinds()
    {
        var pairs = RichDocuments.Select(d => (d.Kind, d.ApiVersion)).ToHashSet();

        foreach (var version in IstioApi.SupportedVersions)
        {
            pairs.Should().Contain((IstioApi.VirtualServiceKind, $"{IstioApi.Group}/{version}"));
            pairs.Should().Contain((IstioApi.DestinationRuleKind, $"{IstioApi.Group}/{version}"));
        }
    }

    // 19 VirtualServices and 6 DestinationRules as of the reference snapshot; guards against silent loss.
    [Fact]
    public void All_reference_virtual_services_and_destination_rules_are_found()
    {
        ReferenceManifests.OfKind(IstioApi.VirtualServiceKind).Should().HaveCount(ReferenceCount(IstioApi.VirtualServiceKind));
        ReferenceManifests.OfKind(IstioApi.DestinationRuleKind).Should().HaveCount(ReferenceCount(IstioApi.DestinationRuleKind));
        ReferenceManifests.OfKind(IstioApi.VirtualServiceKind).Select(d => d.ApiVersion).Distinct()
            .Should().BeEquivalentTo(["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"]);
    }

    [Theory]
    [InlineData("reviews-route", "retrys")]
    [InlineData("reviews-destination", "trafficPolicyy")]
    public void Istio_validation_catches_a_misspelt_field(string name, string typo)
    {
        var doc = RichDocuments.Single(d => d.Name == name);
        doc.Node["spec"]!.AsObject()[typo] = new JsonObject();

        IstioCrds.Validator(doc.Kind, "v1alpha3").Errors(doc.Node).Should().NotBeEmpty();
    }

    [Fact]
    public void Typed_fields_of_the_rich_virtual_service_are_read()
    {
        var vs = ApiJson.Deserialize<VirtualService>(RichDocuments.Single(d => d.Name == "reviews-route").Node);

        vs.Spec.Http!.Select(h => h.Name).Should().Equal("header-route", "primary", "legacy-redirect", "maintenance");
        var primary = vs.Spec.Http![1];
        primary.Route!.Select(r => (r.Destination.Subset, r.Weight)).Should().Equal(("stable", 80), ("canary", 20));
        primary.Mirror!.Host.Should().Be("reviews-shadow");
        primary.Extra!.Keys.Should().Contain(["match", "rewrite", "timeout", "retries", "fault", "mirrorPercentage", "corsPolicy", "headers"]);
        vs.Spec.Tls![0].Match![0].Port.Should().Be(443);
        vs.Spec.Tls![0].Match![0].SniHosts.Should().Equal("reviews.bookinfo.com");
        vs.Spec.Tcp![0].Match![0].Port.Should().Be(27017);
        vs.Spec.Tcp![0].Route!.Select(r => r.Weight).Should().Equal(70, 30);
    }

    [Fact]
    public void Changing_typed_weights_changes_only_those_weights()
    {
        var input = RichDocuments.Single(d => d.Name == "reviews-route").Node;
        var vs = ApiJson.Deserialize<VirtualService>(input);
        var http = vs.Spec.Http!.ToList();
        http[1] = http[1] with
        {
            Route = [http[1].Route![0] with { Weight = 60 }, http[1].Route![1] with { Weight = 40 }],
        };

        var output = ApiJson.ToNode(vs with { Spec = vs.Spec with { Http = http } });

        JsonComparison.Differences(input, output).Should().Equal(
            "$.spec.http[1].route[0].weight: expected 80, got 60",
            "$.spec.http[1].route[1].weight: expected 20, got 40");
    }

    [Fact]
    public void Changing_subset_labels_changes_only_those_labels()
    {
        var input = RichDocuments.Single(d => d.Name == "reviews-destination").Node;
        var dr = ApiJson.Deserialize<DestinationRule>(input);
        var subsets = dr.Spec.Subsets!.ToList();
        subsets[1] = subsets[1] with
        {
            Labels = new Dictionary<string, string>(subsets[1].Labels!) { ["rollouts-pod-template-hash"] = "abc123" },
        };

        var output = ApiJson.ToNode(dr with { Spec = dr.Spec with { Subsets = subsets } });

        JsonComparison.Differences(input, output).Should().Equal(
            "$.spec.subsets[1].labels.rollouts-pod-template-hash: expected \"7bf84f9696\", got \"abc123\"");
    }

    private static int ReferenceCount(string kind) => kind == IstioApi.VirtualServiceKind ? 19 : 6;

    private static void AssertRoundTrip(YamlDocument doc)
    {
        JsonNode output = doc.Kind switch
        {
            IstioApi.VirtualServiceKind => ApiJson.ToNode(ApiJson.Deserialize<VirtualService>(doc.Node)),
            IstioApi.DestinationRuleKind => ApiJson.ToNode(ApiJson.Deserialize<DestinationRule>(doc.Node)),
            _ => throw new ArgumentOutOfRangeException(nameof(doc), doc.Kind, null),
        };

        JsonComparison.Differences(doc.Node, output).Should().BeEmpty();
    }
}
