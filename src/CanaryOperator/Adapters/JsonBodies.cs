using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace CanaryOperator.Adapters;

/// <summary>Small helpers to build patch bodies and read resourceVersions out of untyped custom-object responses.</summary>
internal static class JsonBodies
{
    public static V1Patch MergePatch(JsonNode body) => new(body.ToJsonString(), V1Patch.PatchType.MergePatch);

    public static V1Patch JsonPatch(string body) => new(body, V1Patch.PatchType.JsonPatch);

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
