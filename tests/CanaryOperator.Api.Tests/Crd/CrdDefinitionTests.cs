using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>The CRD's identity, subresources and printer columns (semantics §7.1).</summary>
public sealed class CrdDefinitionTests
{
    private static readonly JsonObject ArgoCrd = (JsonObject)YamlDocuments.Parse(
        File.ReadAllText(Path.Combine(RepoPaths.Reference, "argo-rollouts", "rollout-crd.yaml"))).Single();

    [Fact]
    public void Crd_is_one_apiextensions_v1_document_named_rollouts_argoproj_io()
    {
        var crd = RolloutCrd.Document;

        crd["apiVersion"]!.GetValue<string>().Should().Be("apiextensions.k8s.io/v1");
        crd["kind"]!.GetValue<string>().Should().Be("CustomResourceDefinition");
        crd["metadata"]!["name"]!.GetValue<string>().Should().Be($"{Rollout.Plural}.{Rollout.Group}");
        crd["spec"]!["group"]!.GetValue<string>().Should().Be(Rollout.Group);
        crd["spec"]!["scope"]!.GetValue<string>().Should().Be("Namespaced");
    }

    [Fact]
    public void Names_match_the_model_and_argo_and_have_no_categories()
    {
        var names = RolloutCrd.Document["spec"]!["names"]!;

        names["kind"]!.GetValue<string>().Should().Be(Rollout.KindName);
        names["plural"]!.GetValue<string>().Should().Be(Rollout.Plural);
        names["singular"]!.GetValue<string>().Should().Be("rollout");
        names["listKind"]!.GetValue<string>().Should().Be("RolloutList");
        names["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("ro");
        names.AsObject().ContainsKey("categories").Should().BeFalse("Argo Rollouts puts Rollouts in no category");
        JsonComparison.Differences(ArgoCrd["spec"]!["names"], names).Should().BeEmpty();
    }

    [Fact]
    public void Serves_only_v1alpha1_as_storage_version()
    {
        var versions = RolloutCrd.Document["spec"]!["versions"]!.AsArray();

        versions.Should().ContainSingle();
        versions[0]!["name"]!.GetValue<string>().Should().Be(Rollout.Version);
        versions[0]!["served"]!.GetValue<bool>().Should().BeTrue();
        versions[0]!["storage"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void Subresources_are_status_and_an_hpa_compatible_scale_equal_to_argos()
    {
        var subresources = RolloutCrd.Version["subresources"]!;

        subresources["status"].Should().BeOfType<JsonObject>().Which.Should().BeEmpty();
        subresources["scale"]!["specReplicasPath"]!.GetValue<string>().Should().Be(".spec.replicas");
        subresources["scale"]!["statusReplicasPath"]!.GetValue<string>().Should().Be(".status.HPAReplicas");
        subresources["scale"]!["labelSelectorPath"]!.GetValue<string>().Should().Be(".status.selector");
        JsonComparison.Differences(ArgoCrd["spec"]!["versions"]![0]!["subresources"], subresources).Should().BeEmpty();
    }

    [Theory]
    [InlineData(".spec.replicas", "integer")]
    [InlineData(".status.HPAReplicas", "integer")]
    [InlineData(".status.selector", "string")]
    public void Scale_paths_point_at_schema_fields_of_the_right_type(string jsonPath, string type)
    {
        var node = SchemaPath.Resolve(RolloutCrd.Schema, jsonPath);

        node.Should().NotBeNull(jsonPath + " must be declared");
        node!["type"]!.GetValue<string>().Should().Be(type);
    }

    [Fact]
    public void Printer_columns_show_desired_current_updated_available_step_weight_phase_age()
    {
        var columns = RolloutCrd.Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => (c!["name"]!.GetValue<string>(), c["jsonPath"]!.GetValue<string>(), c["type"]!.GetValue<string>()));

        columns.Should().Equal(
            ("Desired", ".spec.replicas", "integer"),
            ("Current", ".status.replicas", "integer"),
            ("Up-to-date", ".status.updatedReplicas", "integer"),
            ("Available", ".status.availableReplicas", "integer"),
            ("Step", ".status.currentStepIndex", "integer"),
            ("Weight", ".status.canary.weights.canary.weight", "integer"),
            ("Phase", ".status.phase", "string"),
            ("Age", ".metadata.creationTimestamp", "date"));
    }

    [Fact]
    public void Every_printer_column_path_is_declared_with_the_column_type()
    {
        foreach (var column in RolloutCrd.Version["additionalPrinterColumns"]!.AsArray())
        {
            var path = column!["jsonPath"]!.GetValue<string>();
            if (path.StartsWith(".metadata.", StringComparison.Ordinal))
            {
                continue; // ObjectMeta is the apiserver's, not the CRD schema's.
            }

            var node = SchemaPath.Resolve(RolloutCrd.Schema, path);
            node.Should().NotBeNull(path + " must exist in the schema");
            node!["type"]!.GetValue<string>().Should().Be(column["type"]!.GetValue<string>(), path);
        }
    }

    [Fact]
    public void Selector_is_immutable_through_a_cel_transition_rule()
    {
        var selector = SchemaPath.Resolve(RolloutCrd.Schema, ".spec.selector")!;

        var rules = selector["x-kubernetes-validations"]!.AsArray();
        rules.Should().ContainSingle();
        rules[0]!["rule"]!.GetValue<string>().Should().Be("self == oldSelf");
        rules[0]!["message"]!.GetValue<string>().Should().Be(".spec.selector is immutable");
    }

    [Fact]
    public void Pod_template_is_an_open_object()
    {
        var template = SchemaPath.Resolve(RolloutCrd.Schema, ".spec.template")!;

        template["type"]!.GetValue<string>().Should().Be("object");
        template["x-kubernetes-preserve-unknown-fields"]!.GetValue<bool>().Should().BeTrue();
        template.AsObject().ContainsKey("x-kubernetes-embedded-resource").Should().BeFalse();
    }
}
