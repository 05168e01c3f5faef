using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Patching;

/// <summary>JSON merge patch (RFC 7386): objects merge recursively, <c>null</c> deletes, everything else replaces.</summary>
public static class JsonMergePatch
{
    /// <summary>The patched document, a new tree: neither <paramref name="target"/> nor <paramref name="patch"/> is changed or shared.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    // Merges into the copy in place: copying each nested object again on the way down (as a recursive Apply would)
    // made a status patch copy the status twice.
    private static void MergeInto(JsonObject result, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            switch (value)
            {
                case null:
                    result.Remove(key);
                    break;
                case JsonObject nested when result[key] is JsonObject existing:
                    MergeInto(existing, nested);
                    break;
                case JsonObject nested:
                    var fresh = new JsonObject();
                    MergeInto(fresh, nested);
                    result[key] = fresh;
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }
    }
}
