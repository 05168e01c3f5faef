using System.Text.RegularExpressions;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Examples;

/// <summary>Every example parses, names itself, and every Rollout in it passes the CRD and the model round-trip.</summary>
public sealed partial class ExampleManifestTests
{
    public static TheoryData<string> Files => ExampleManifests.Rows(ExampleManifests.Files);

    public static TheoryData<string> Scenarios => ExampleManifests.Rows(ExampleManifests.Scenarios);

    public static TheoryData<string> IstioFiles => ExampleManifests.Rows(
        ExampleManifests.Files.SelectMany(ExampleManifests.Documents).Where(d => d.Kind is "VirtualService" or "DestinationRule").Select(d => d.File));

    public static TheoryData<string> Rollouts => ExampleManifests.Rows(
        ExampleManifests.Files.SelectMany(ExampleManifests.Documents).Where(d => d.Kind == Rollout.KindName).Select(d => d.File));

    [Fact]
    public void The_three_scenarios_exist()
    {
        ExampleManifests.Scenarios.Should().Equal("basic-canary", "istio-host-split", "istio-subset");
        File.Exists(Path.Combine(ExampleManifests.Root, "README.md")).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_holds_one_object_with_api_version_kind_and_name(string file)
    {
        var docs = ExampleManifests.Documents(file);

        docs.Should().ContainSingle("each example file holds one object");
        var doc = docs[0];
        doc.ApiVersion.Should().NotBeNullOrEmpty();
        doc.Kind.Should().NotBeNullOrEmpty();
        doc.Name.Should().NotBeNullOrEmpty();
        if (doc.Kind != "Namespace" && doc.Kind != "Gateway")
        {
            doc.Node["metadata"]!["namespace"].Should().NotBeNull("namespaced objects say where they go");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_is_numbered_and_named_by_kind(string file)
    {
        var doc = ExampleManifests.Documents(file).Single();
        var match = FileName().Match(Path.GetFileName(file));

        match.Success.Should().BeTrue($"{file} should look like NN-kind[-qualifier].yaml");
        match.Groups["kind"].Value.Should().Be(doc.Kind.ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Apply_order_puts_namespaces_first_and_referencing_objects_after_what_they_reference(string scenario)
    {
        var kinds = ExampleManifests.Scenario(scenario).Select(d => d.Kind).ToList();

        kinds[0].Should().Be("Namespace");
        var rollout = kinds.IndexOf(Rollout.KindName);
        rollout.Should().BeGreaterThan(0);
        foreach (var referenced in new[] { "Service", "Deployment", "VirtualService", "DestinationRule" })
        {
            if (kinds.Contains(referenced))
            {
                kinds.LastIndexOf(referenced).Should().BeLessThan(rollout, $"{referenced} is referenced by the Rollout");
            }
        }

        if (kinds.Contains("HorizontalPodAutoscaler"))
        {
            kinds.IndexOf("HorizontalPodAutoscaler").Should().BeGreaterThan(rollout);
        }
    }

    [Theory]
    [MemberData(nameof(Rollouts))]
    public void Rollout_validates_against_the_crd(string file)
    {
        var doc = ExampleManifests.Documents(file).Single();

        RolloutCrd.Validator.Errors(doc.Node).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Rollouts))]
    public void Rollout_round_trips_through_the_model_unchanged(string file)
    {
        var doc = ExampleManifests.Documents(file).Single();

        var output = ApiJson.ToNode(ApiJson.Deserialize<Rollout>(doc.Node));

        JsonComparison.Differences(doc.Node, output).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(IstioFiles))]
    public void Istio_objects_are_valid_for_istio(string file)
    {
        var doc = ExampleManifests.Documents(file).Single();

        IstioCrds.Validator(doc.Kind, doc.ApiVersion.Split('/')[1]).Errors(doc.Node).Should().BeEmpty();
    }

    [GeneratedRegex(@"^[0-9]{2}-(?<kind>[a-z]+)(-[a-z0-9]+)*\.yaml$")]
    private static partial Regex FileName();
}
