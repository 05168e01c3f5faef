using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>The repository's <c>crds/rollouts.argoproj.io.yaml</c>, parsed once.</summary>
public static class RolloutCrd
{
    public static readonly string Path = RepoPaths.InRepo("crds", "rollouts.argoproj.io.yaml");

    private static readonly Lazy<JsonObject> DocumentLazy = new(() =>
        (JsonObject)YamlDocuments.Parse(File.ReadAllText(Path)).Single());

    private static readonly Lazy<CrdSchemaValidator> ValidatorLazy = new(() => new CrdSchemaValidator(Schema));

    /// <summary>A fresh copy of the CRD document (tests may mutate it).</summary>
    public static JsonObject Document => (JsonObject)DocumentLazy.Value.DeepClone();

    /// <summary>A fresh copy of <c>spec.versions[v1alpha1].schema.openAPIV3Schema</c>.</summary>
    public static JsonObject Schema => (JsonObject)Version["schema"]!["openAPIV3Schema"]!.DeepClone();

    /// <summary>A fresh copy of the v1alpha1 version entry.</summary>
    public static JsonObject Version =>
        (JsonObject)DocumentLazy.Value["spec"]!["versions"]!.AsArray()
            .Single(v => v!["name"]!.GetValue<string>() == "v1alpha1")!.DeepClone();

    public static CrdSchemaValidator Validator => ValidatorLazy.Value;
}
