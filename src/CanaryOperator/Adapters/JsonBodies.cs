using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Engine.Metadata;
using k8s.Models;

namespace CanaryOperator.Adapters;

/// <summary>Small helpers to build patch bodies and read resourceVersions out of untyped custom-object responses.</summary>
internal static class JsonBodies
{
    public static V1Patch MergePatch(JsonNode body) => new(body.ToJsonString(), V1Patch.PatchType.MergePatch);

    public static V1Patch JsonPatch(string body) => new(body, V1Patch.PatchType.JsonPatch);

    /// <summary>A merge-patch map: each key set to its value, or removed where the value is null.</summary>
    public static JsonObject MergeMap(IReadOnlyDictionary<string, string?> entries)
    {
        var map = new JsonObject();
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>
    /// The <c>metadata</c> object of a merge patch carrying <paramref name="change"/>: <c>labels</c> and
    /// <c>annotations</c> only when they have entries, so keys written by others are left alone.
    /// </summary>
    public static JsonObject MetadataPatch(MetadataChange change)
    {
        var metadata = new JsonObject();
        if (change.Labels.Count > 0)
        {
            metadata["labels"] = MergeMap(change.Labels);
        }

        if (change.Annotations.Count > 0)
        {
            metadata["annotations"] = MergeMap(change.Annotations);
        }

        return metadata;
    }

    /// <summary><c>metadata.resourceVersion</c> of a CustomObjects response (a <see cref="JsonElement"/>), or null.</summary>
    public static string? ResourceVersionOf(object? response) =>
        response is JsonElement { ValueKind: JsonValueKind.Object } element
        && element.TryGetProperty("metadata", out var meta)
        && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty("resourceVersion", out var rv)
            ? rv.GetString()
            : null;

    /// <summary>True when a JSON Patch text has no operations (nothing to send).</summary>
    public static bool IsEmptyPatch(string jsonPatch) =>
        string.IsNullOrWhiteSpace(jsonPatch) || JsonNode.Parse(jsonPatch) is JsonArray { Count: 0 };
}
