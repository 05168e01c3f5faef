using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>
/// Every field our CRD declares has Argo's exact type, format, int-or-string marker and required list
/// (shared/reference/argo-rollouts/rollout-crd.yaml), so a manifest valid for Argo is valid here and vice versa
/// for the declared part. Where we preserve a subtree Argo declares, only that node (type and required) is
/// compared, nothing below it.
/// </summary>
public sealed class ArgoCrdFidelityTests
{
    private static readonly Lazy<JsonObject> ArgoSchema = new(() =>
        (JsonObject)YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepoPaths.Reference, "argo-rollouts", "rollout-crd.yaml")))
            .Single()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone());

    public static TheoryData<string> DeclaredPaths
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var path in Paths(RolloutCrd.Schema, ""))
            {
                data.Add(path);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DeclaredPaths))]
    public void Declared_field_matches_argo(string path)
    {
        var ours = SchemaPath.Resolve(RolloutCrd.Schema, path)!;
        var argo = SchemaPath.Resolve(ArgoSchema.Value, path);

        // No exceptions: we add no fields of our own and declare none differently.
        argo.Should().NotBeNull($"Argo declares every field we declare ({path})");
        Signature(ours).Should().Be(Signature(argo!), path);
        Required(ours).Should().BeEquivalentTo(Required(argo!), path);
    }

    [Fact]
    public void Both_schemas_require_spec_at_the_root()
    {
        Required(RolloutCrd.Schema).Should().Equal(Required(ArgoSchema.Value)).And.Equal("spec");
    }

    [Fact]
    public void Selector_keeps_argos_atomic_map_type_and_immutability_rule()
    {
        var ours = SchemaPath.Resolve(RolloutCrd.Schema, ".spec.selector")!;
        var argo = SchemaPath.Resolve(ArgoSchema.Value, ".spec.selector")!;

        ours["x-kubernetes-map-type"]!.GetValue<string>().Should().Be(argo["x-kubernetes-map-type"]!.GetValue<string>());
        JsonComparison.Differences(argo["x-kubernetes-validations"], ours["x-kubernetes-validations"]).Should().BeEmpty();
    }

    // Paths of every declared node, not descending below preserved ones (their contents are Argo's business).
    private static IEnumerable<string> Paths(JsonObject node, string path)
    {
        if (path.Length > 0)
        {
            yield return path;
        }

        if (node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true)
        {
            yield break;
        }

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            if (path.Length == 0 && name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            foreach (var p in Paths((JsonObject)child!, path + "." + name))
            {
                yield return p;
            }
        }

        if (node["items"] is JsonObject items)
        {
            foreach (var p in Paths(items, path + "[]"))
            {
                yield return p;
            }
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            foreach (var p in Paths(additional, path + "{}"))
            {
                yield return p;
            }
        }
    }

    private static string Signature(JsonObject node) =>
        node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true
            ? "int-or-string"
            : $"{node["type"]?.GetValue<string>()}/{node["format"]?.GetValue<string>()}";

    private static string[] Required(JsonObject node) =>
        node["required"]?.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray() ?? [];
}
