using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>The CRD schema is structural, and the checker really finds each kind of violation.</summary>
public sealed class StructuralSchemaTests
{
    [Fact]
    public void Rollout_crd_schema_is_structural()
    {
        StructuralSchemaChecker.Violations(RolloutCrd.Schema).Should().BeEmpty();
    }

    // The checker must not reject real structural schemas: Argo's own Rollout CRD and Istio's VS/DR CRDs.
    [Theory]
    [InlineData("argo-rollouts/rollout-crd.yaml")]
    [InlineData("istio-crds/virtualservice.yaml")]
    [InlineData("istio-crds/destinationrule.yaml")]
    public void Checker_accepts_upstream_crds(string file)
    {
        var crd = YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepoPaths.Reference, file))).Single();

        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            var schema = (JsonObject)version!["schema"]!["openAPIV3Schema"]!;
            StructuralSchemaChecker.Violations(schema).Should().BeEmpty(version["name"]!.GetValue<string>());
        }
    }

    // More real schemas: the vendored Argo v1.6.6 install (5 CRDs) and the Istio CRDs of Argo's e2e suite.
    public static TheoryData<string> BundledCrds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in new[] { "imesh-webinar/argo-rollout-install/argo-rollout-install.yaml", "argo-rollouts/e2e/crds/istio.yaml" })
            {
                foreach (var doc in YamlFile.Documents(Path.Combine(RepoPaths.Reference, file), file).Where(d => d.Kind == "CustomResourceDefinition"))
                {
                    data.Add(doc.Label);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BundledCrds))]
    public void Checker_accepts_bundled_crds(string label)
    {
        var file = label[..label.IndexOf('#', StringComparison.Ordinal)];
        var doc = YamlFile.Documents(Path.Combine(RepoPaths.Reference, file), file).Single(d => d.Label == label);

        foreach (var version in doc.Node["spec"]!["versions"]!.AsArray())
        {
            if (version!["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                StructuralSchemaChecker.Violations(schema).Should().BeEmpty(version["name"]!.GetValue<string>());
            }
        }
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "remove-type", "spec.replicas: no type" },
        { "properties-and-additionalProperties", "spec.strategy.canary.canaryMetadata: properties and additionalProperties are mutually exclusive" },
        { "typed-int-or-string", "spec.strategy.canary.maxSurge: x-kubernetes-int-or-string must not set a type" },
        { "array-without-items", "spec.strategy.canary.steps: an array must have a single items schema" },
        { "ref", "spec.workloadRef: '$ref' is not allowed in a CRD schema" },
        { "unique-items", "spec.strategy.canary.steps: uniqueItems: true is not allowed" },
        { "metadata-labels", "metadata.labels: only metadata.name and metadata.generateName may be specified" },
        { "type-in-junctor", "spec.paused.anyOf: 'type' is not allowed inside a logical junctor" },
        { "field-only-in-junctor", "spec.workloadRef.oneOf.bogus: a field inside a logical junctor must also be declared outside it" },
        { "required-undeclared", "spec.workloadRef: required 'nmae' is not declared in properties" },
        { "enum-type-mismatch", "spec.workloadRef.scaleDown: enum value 3 does not match type string" },
        { "bad-list-type", "spec.strategy.canary.steps: x-kubernetes-list-type must be atomic, set or map" },
        { "additionalProperties-false", "spec.strategy.canary.canaryMetadata.labels: additionalProperties: false is not allowed" },
        { "preserve-false", "spec.template: x-kubernetes-preserve-unknown-fields must be true or absent" },
        { "unknown-type", "status.phase: unknown type 'text'" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Checker_reports_each_violation(string breakage, string expected)
    {
        var schema = RolloutCrd.Schema;
        Break(schema, breakage);

        StructuralSchemaChecker.Violations(schema).Should().Contain(v => v.StartsWith(expected, StringComparison.Ordinal));
    }

    private static void Break(JsonObject schema, string breakage)
    {
        JsonObject At(string path) => SchemaPath.Resolve(schema, path)!;
        switch (breakage)
        {
            case "remove-type":
                At(".spec.replicas").Remove("type");
                break;
            case "properties-and-additionalProperties":
                At(".spec.strategy.canary.canaryMetadata")["additionalProperties"] = new JsonObject { ["type"] = "string" };
                break;
            case "typed-int-or-string":
                At(".spec.strategy.canary.maxSurge")["type"] = "string";
                break;
            case "array-without-items":
                At(".spec.strategy.canary.steps").Remove("items");
                break;
            case "ref":
                At(".spec.workloadRef")["$ref"] = "#/definitions/x";
                break;
            case "unique-items":
                At(".spec.strategy.canary.steps")["uniqueItems"] = true;
                break;
            case "metadata-labels":
                At(".metadata")["properties"] = new JsonObject { ["labels"] = new JsonObject { ["type"] = "object" } };
                break;
            case "type-in-junctor":
                At(".spec.paused")["anyOf"] = new JsonArray(new JsonObject { ["type"] = "boolean" });
                break;
            case "field-only-in-junctor":
                At(".spec.workloadRef")["oneOf"] = new JsonArray(new JsonObject
                {
                    ["properties"] = new JsonObject { ["bogus"] = new JsonObject() },
                });
                break;
            case "required-undeclared":
                At(".spec.workloadRef")["required"] = new JsonArray("nmae");
                break;
            case "enum-type-mismatch":
                At(".spec.workloadRef.scaleDown")["enum"] = new JsonArray("never", 3);
                break;
            case "bad-list-type":
                At(".spec.strategy.canary.steps")["x-kubernetes-list-type"] = "ordered";
                break;
            case "additionalProperties-false":
                At(".spec.strategy.canary.canaryMetadata.labels")["additionalProperties"] = false;
                break;
            case "preserve-false":
                At(".spec.template")["x-kubernetes-preserve-unknown-fields"] = false;
                break;
            case "unknown-type":
                At(".status.phase")["type"] = "text";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
    }
}
