using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: like a JSON merge patch, except that lists with a merge key
/// (containers/initContainers/env/volumes by name, container ports by containerPort, service ports by port,
/// volumeMounts by mountPath, conditions by type, ...) merge element by element, and the directives
/// <c>$patch: replace|delete|merge</c>, <c>$setElementOrder/&lt;list&gt;</c>, <c>$deleteFromPrimitiveList/&lt;list&gt;</c>
/// and <c>$retainKeys</c> are honoured.
/// </summary>
public static class StrategicMergePatch
{
    private const string SetOrderPrefix = "$setElementOrder/";
    private const string DeletePrimitivePrefix = "$deleteFromPrimitiveList/";

    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? original, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            throw new PatchException("strategic merge patch must be a JSON object", malformed: true);
        }

        return MergeMap(original as JsonObject ?? new JsonObject(), p, []);
    }

    /// <summary>The merge key of a list field at a path, or null when the list is replaced as a whole.</summary>
    public static string? MergeKey(IReadOnlyList<string> parentPath, string field) => field switch
    {
        "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" or "resourceClaims" => "name",
        "ports" => parentPath.Contains("containers") || parentPath.Contains("initContainers") || parentPath.Contains("ephemeralContainers") ? "containerPort" : "port",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "conditions" => "type",
        "ownerReferences" => "uid",
        "hostAliases" => "ip",
        _ => null,
    };

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, List<string> path)
    {
        var directive = Directive(patch);
        if (directive == "delete")
        {
            return null;
        }

        if (directive == "replace")
        {
            return Strip(patch);
        }

        var result = (JsonObject)original.DeepClone();
        var orders = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys")
            {
                continue;
            }

            if (key.StartsWith(SetOrderPrefix, StringComparison.Ordinal))
            {
                if (value is JsonArray order)
                {
                    orders[key[SetOrderPrefix.Length..]] = order;
                }

                continue;
            }

            if (key.StartsWith(DeletePrimitivePrefix, StringComparison.Ordinal))
            {
                var field = key[DeletePrimitivePrefix.Length..];
                if (result[field] is JsonArray existing && value is JsonArray toDelete)
                {
                    foreach (var item in existing.Where(e => toDelete.Any(d => JsonNode.DeepEquals(d, e))).ToList())
                    {
                        existing.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var childPath = new List<string>(path) { key };
            switch (value)
            {
                case JsonObject vo:
                    {
                        var merged = MergeMap(result[key] as JsonObject ?? new JsonObject(), vo, childPath);
                        if (merged is null)
                        {
                            result.Remove(key);
                        }
                        else
                        {
                            result[key] = merged;
                        }

                        break;
                    }

                case JsonArray va when MergeKey(path, key) is { } mergeKey:
                    result[key] = MergeList(result[key] as JsonArray, va, mergeKey, childPath);
                    break;
                case JsonArray va when PrimitiveMergeLists.Contains(key):
                    {
                        var list = result[key] as JsonArray ?? [];
                        var union = (JsonArray)list.DeepClone();
                        foreach (var item in va.Where(item => !union.Any(u => JsonNode.DeepEquals(u, item))))
                        {
                            union.Add(item?.DeepClone());
                        }

                        result[key] = union;
                        break;
                    }

                case JsonArray va:
                    result[key] = new JsonArray([.. va.Select(e => e is JsonObject eo ? Strip(eo) : e?.DeepClone())]);
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }

        foreach (var (field, order) in orders)
        {
            if (result[field] is JsonArray list)
            {
                result[field] = Reorder(list, order, MergeKey(path, field));
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string mergeKey, List<string> path)
    {
        if (patch.OfType<JsonObject>().Any(e => Directive(e) == "replace"))
        {
            return new JsonArray([.. patch.OfType<JsonObject>().Where(e => Directive(e) != "replace").Select(e => (JsonNode?)Strip(e))]);
        }

        var result = original is null ? [] : (JsonArray)original.DeepClone();
        foreach (var element in patch)
        {
            if (element is not JsonObject pe)
            {
                if (!result.Any(e => JsonNode.DeepEquals(e, element)))
                {
                    result.Add(element?.DeepClone());
                }

                continue;
            }

            var keyValue = pe[mergeKey];
            var index = IndexOf(result, mergeKey, keyValue);
            if (Directive(pe) == "delete")
            {
                while (index >= 0)
                {
                    result.RemoveAt(index);
                    index = IndexOf(result, mergeKey, keyValue);
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeMap((JsonObject)result[index]!, pe, path);
                result[index] = merged;
            }
            else
            {
                result.Add(MergeMap(new JsonObject(), pe, path));
            }
        }

        return result;
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        var items = list.Select(e => e?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var o in order)
        {
            var match = items.FindIndex(e => mergeKey is not null && o is JsonObject oo
                ? e is JsonObject eo && JsonNode.DeepEquals(eo[mergeKey], oo[mergeKey])
                : JsonNode.DeepEquals(e, o));
            if (match >= 0)
            {
                ordered.Add(items[match]);
                items.RemoveAt(match);
            }
        }

        ordered.AddRange(items);
        return new JsonArray([.. ordered]);
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && JsonNode.DeepEquals(o[mergeKey], keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Directive(JsonObject o) =>
        o["$patch"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // A copy without directive keys (recursively), as stored objects never carry them.
    private static JsonObject Strip(JsonObject o)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in o)
        {
            if (k.StartsWith('$'))
            {
                continue;
            }

            copy[k] = v switch
            {
                JsonObject vo => Strip(vo),
                JsonArray va => new JsonArray([.. va.Select(e => e is JsonObject eo ? Strip(eo) : e?.DeepClone())]),
                _ => v?.DeepClone(),
            };
        }

        return copy;
    }
}
