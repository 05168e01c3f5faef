using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Small readers over parsed Kubernetes manifests.</summary>
internal static class Manifests
{
    /// <summary>Every document of a multi-document YAML stream; each must be a mapping.</summary>
    public static IReadOnlyList<JsonObject> Parse(string yaml) =>
        YamlDocuments.Parse(yaml)
            .Select(n => n as JsonObject ?? throw new InvalidOperationException("a document is not a mapping: " + n.ToJsonString()))
            .ToList();

    public static string Kind(this JsonObject doc) => doc["kind"]?.GetValue<string>() ?? "";

    public static string Name(this JsonObject doc) => doc["metadata"]?["name"]?.GetValue<string>() ?? "";

    public static string? Namespace(this JsonObject doc) => doc["metadata"]?["namespace"]?.GetValue<string>();

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> docs, string kind) =>
        docs.Where(d => d.Kind() == kind);

    public static JsonObject Single(this IEnumerable<JsonObject> docs, string kind)
    {
        var matches = docs.OfKind(kind).ToList();
        if (matches.Count != 1)
        {
            throw new InvalidOperationException($"expected exactly one {kind}, found {matches.Count}");
        }

        return matches[0];
    }

    /// <summary>The string items of a JSON array (empty when absent).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? array) =>
        array is JsonArray a ? a.Select(i => i?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>A value's JSON text, or "null" — handy in assertions over scalars of unknown type.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
