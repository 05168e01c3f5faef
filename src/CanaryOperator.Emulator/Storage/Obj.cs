using System.Globalization;
using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>Small helpers over a Kubernetes object held as a <see cref="JsonObject"/>.</summary>
public static class Obj
{
    public static JsonObject Metadata(JsonObject o)
    {
        if (o["metadata"] is JsonObject m)
        {
            return m;
        }

        var created = new JsonObject();
        o["metadata"] = created;
        return created;
    }

    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Name(JsonObject o) => Str(o["metadata"]?["name"]);

    public static string? Namespace(JsonObject o) => Str(o["metadata"]?["namespace"]);

    public static string? Uid(JsonObject o) => Str(o["metadata"]?["uid"]);

    public static string? ResourceVersion(JsonObject o) => Str(o["metadata"]?["resourceVersion"]);

    public static long Generation(JsonObject o) => Long(o["metadata"]?["generation"]) ?? 0;

    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return (long)d;
        }

        return v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    public static double? Double(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }

        return Long(node);
    }

    public static IReadOnlyDictionary<string, string> Labels(JsonObject o) => StringMap(o["metadata"]?["labels"]);

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (k, v) in map)
            {
                result[k] = Str(v) ?? v?.ToJsonString() ?? string.Empty;
            }
        }

        return result;
    }

    public static List<string> Finalizers(JsonObject o) =>
        (o["metadata"]?["finalizers"] as JsonArray)?.Select(Str).OfType<string>().ToList() ?? [];

    public static void SetFinalizers(JsonObject o, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        var meta = Metadata(o);
        if (list.Count == 0)
        {
            meta.Remove("finalizers");
        }
        else
        {
            meta["finalizers"] = new JsonArray([.. list.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }
    }

    /// <summary>Owner UIDs from metadata.ownerReferences.</summary>
    public static List<string> OwnerUids(JsonObject o) =>
        (o["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Select(r => Str(r["uid"])).OfType<string>().ToList() ?? [];

    /// <summary>Reads a path like <c>.spec.replicas</c> or <c>spec.replicas</c>.</summary>
    public static JsonNode? GetPath(JsonObject o, string path)
    {
        JsonNode? cur = o;
        foreach (var part in Split(path))
        {
            cur = (cur as JsonObject)?[part];
            if (cur is null)
            {
                return null;
            }
        }

        return cur;
    }

    /// <summary>Writes a path like <c>.spec.replicas</c>, creating parent objects.</summary>
    public static void SetPath(JsonObject o, string path, JsonNode? value)
    {
        var parts = Split(path);
        var cur = o;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (cur[parts[i]] is not JsonObject next)
            {
                next = new JsonObject();
                cur[parts[i]] = next;
            }

            cur = next;
        }

        cur[parts[^1]] = value;
    }

    public static string Now(TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Time(JsonNode? node) =>
        Str(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>
    /// Whether two objects agree on everything but metadata, status, apiVersion and kind: what changes
    /// <c>metadata.generation</c>. Compared in place — every update asks, and copying both objects to strip those
    /// fields was two full copies per write.
    /// </summary>
    public static bool SameSpecPart(JsonObject a, JsonObject b)
    {
        foreach (var (name, value) in a)
        {
            if (!IsSpecPart(name))
            {
                continue;
            }

            if (!b.TryGetPropertyValue(name, out var other) || !JsonNode.DeepEquals(value, other))
            {
                return false;
            }
        }

        foreach (var (name, _) in b)
        {
            if (IsSpecPart(name) && !a.ContainsKey(name))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpecPart(string field) => field is not ("metadata" or "status" or "apiVersion" or "kind");

    private static string[] Split(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
}
