using System.Text.Json.Nodes;

namespace CanaryOperator.Engine.Istio;

/// <summary>One RFC 6902 operation (add, remove, replace, test).</summary>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value = null)
{
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["op"] = Op, ["path"] = Path };
        if (Op is "add" or "replace" or "test")
        {
            o["value"] = Value?.DeepClone();
        }

        return o;
    }
}

/// <summary>Raised when a <c>test</c> operation fails or a path does not exist (the API server answers 422/409).</summary>
public sealed class JsonPatchException(string message) : Exception(message);

/// <summary>
/// A small RFC 6902 JSON Patch: build one by diffing two documents and apply one to a document. The operator
/// sends these (content type <c>application/json-patch+json</c>) rather than a full PUT, so a concurrent edit of
/// a guarded part makes the request fail instead of being overwritten (JsonPatch.Net is not available here).
/// </summary>
public sealed record JsonPatchDocument(IReadOnlyList<JsonPatchOperation> Operations)
{
    public const string ContentType = "application/json-patch+json";

    public static JsonPatchDocument Empty { get; } = new([]);

    public bool IsEmpty => Operations.Count == 0;

    public JsonArray ToJsonArray() => new([.. Operations.Select(o => (JsonNode)o.ToJson())]);

    public string ToJsonString() => ToJsonArray().ToJsonString();

    /// <summary>Applies the patch to a copy of <paramref name="document"/>; throws <see cref="JsonPatchException"/>.</summary>
    public JsonNode Apply(JsonNode document)
    {
        var root = document.DeepClone();
        foreach (var op in Operations)
        {
            root = ApplyOne(root, op);
        }

        return root;
    }

    /// <summary>
    /// The minimal patch turning <paramref name="original"/> into <paramref name="updated"/>, with guards. Objects
    /// are diffed key by key; arrays of the same length whose elements keep their identity (a <c>name</c>, or a
    /// <c>destination</c>'s host and subset) are diffed element by element, each changed element first guarded
    /// by <c>test</c>s of that identity (e.g. <c>/spec/http/0/name</c> and the destination host before a weight
    /// <c>replace</c>). Any other array change (destinations added/removed, routes re-ordered) becomes
    /// <c>test</c> of the whole old array followed by <c>replace</c>: the write fails if someone else touched that
    /// array since we read it, rather than silently undoing their edit.
    /// </summary>
    public static JsonPatchDocument Diff(JsonNode? original, JsonNode? updated)
    {
        var ops = new List<JsonPatchOperation>();
        DiffInto(original, updated, "", ops);
        return new JsonPatchDocument(ops);
    }

    /// <summary>Escapes one reference token (RFC 6901: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static void DiffInto(JsonNode? a, JsonNode? b, string path, List<JsonPatchOperation> ops)
    {
        if (JsonNode.DeepEquals(a, b))
        {
            return;
        }

        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var (key, value) in oa)
            {
                if (!ob.ContainsKey(key))
                {
                    var p = path + "/" + Escape(key);
                    ops.Add(new JsonPatchOperation("test", p, value?.DeepClone()));
                    ops.Add(new JsonPatchOperation("remove", p));
                }
            }

            foreach (var (key, value) in ob)
            {
                var p = path + "/" + Escape(key);
                if (oa.TryGetPropertyValue(key, out var old))
                {
                    DiffInto(old, value, p, ops);
                }
                else
                {
                    ops.Add(new JsonPatchOperation("add", p, value?.DeepClone()));
                }
            }

            return;
        }

        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count && SameIdentities(aa, ab))
        {
            for (var i = 0; i < aa.Count; i++)
            {
                if (JsonNode.DeepEquals(aa[i], ab[i]))
                {
                    continue;
                }

                var p = path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                AddIdentityGuards(aa[i], p, ops);
                DiffInto(aa[i], ab[i], p, ops);
            }

            return;
        }

        if (a is JsonArray)
        {
            ops.Add(new JsonPatchOperation("test", path, a.DeepClone()));
        }

        ops.Add(new JsonPatchOperation("replace", path, b?.DeepClone()));
    }

    private static bool SameIdentities(JsonArray a, JsonArray b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (Identity(a[i]) != Identity(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Identity(JsonNode? element)
    {
        if (element is not JsonObject o)
        {
            return null;
        }

        var name = o["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        var destination = o["destination"] as JsonObject;
        var host = destination?["host"] is JsonValue h && h.TryGetValue<string>(out var hs) ? hs : null;
        var subset = destination?["subset"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : null;
        return $"{name}\u0000{host}\u0000{subset}";
    }

    private static void AddIdentityGuards(JsonNode? element, string path, List<JsonPatchOperation> ops)
    {
        if (element is not JsonObject o)
        {
            return;
        }

        if (o["name"] is JsonValue name)
        {
            ops.Add(new JsonPatchOperation("test", path + "/name", name.DeepClone()));
        }

        if (o["destination"] is JsonObject destination)
        {
            if (destination["host"] is JsonValue host)
            {
                ops.Add(new JsonPatchOperation("test", path + "/destination/host", host.DeepClone()));
            }

            if (destination["subset"] is JsonValue subset)
            {
                ops.Add(new JsonPatchOperation("test", path + "/destination/subset", subset.DeepClone()));
            }
        }
    }

    private static JsonNode ApplyOne(JsonNode root, JsonPatchOperation op)
    {
        if (op.Path.Length == 0)
        {
            return op.Op switch
            {
                "test" when JsonNode.DeepEquals(root, op.Value) => root,
                "test" => throw new JsonPatchException("test failed at the document root"),
                "add" or "replace" => op.Value?.DeepClone() ?? throw new JsonPatchException("cannot replace the root with null"),
                _ => throw new JsonPatchException($"unsupported root operation {op.Op}"),
            };
        }

        var tokens = op.Path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var parent = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            parent = Child(parent, tokens[i]) ?? throw new JsonPatchException($"path {op.Path} does not exist");
        }

        var last = tokens[^1];
        switch (op.Op)
        {
            case "test":
                if (!Exists(parent, last) || !JsonNode.DeepEquals(Child(parent, last), op.Value))
                {
                    throw new JsonPatchException($"test failed at {op.Path}");
                }

                break;
            case "remove":
                if (!Exists(parent, last))
                {
                    throw new JsonPatchException($"path {op.Path} does not exist");
                }

                Remove(parent, last);
                break;
            case "replace":
                if (!Exists(parent, last))
                {
                    throw new JsonPatchException($"path {op.Path} does not exist");
                }

                Set(parent, last, op.Value?.DeepClone(), insert: false);
                break;
            case "add":
                Set(parent, last, op.Value?.DeepClone(), insert: true);
                break;
            default:
                throw new JsonPatchException($"unsupported operation {op.Op}");
        }

        return root;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static bool Exists(JsonNode node, string token) => node switch
    {
        JsonObject o => o.ContainsKey(token),
        JsonArray a => int.TryParse(token, out var i) && i >= 0 && i < a.Count,
        _ => false,
    };

    private static void Remove(JsonNode node, string token)
    {
        if (node is JsonObject o)
        {
            o.Remove(token);
        }
        else if (node is JsonArray a)
        {
            a.RemoveAt(int.Parse(token, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void Set(JsonNode node, string token, JsonNode? value, bool insert)
    {
        switch (node)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when insert && token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw new JsonPatchException($"cannot set {token}");
        }
    }
}
