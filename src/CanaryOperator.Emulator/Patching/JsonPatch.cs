using System.Globalization;
using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Patching;

/// <summary>JSON Patch (RFC 6902): add, remove, replace, move, copy and test over JSON Pointers (RFC 6901).</summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray ops)
        {
            throw new PatchException("json patch must be an array of operations", malformed: true);
        }

        var doc = document?.DeepClone();
        foreach (var raw in ops)
        {
            if (raw is not JsonObject op || op["op"] is not JsonValue opValue || !opValue.TryGetValue<string>(out var name))
            {
                throw new PatchException("each json patch operation must be an object with an \"op\"", malformed: true);
            }

            var path = Text(op, "path");
            switch (name)
            {
                case "add":
                    doc = Add(doc, path, Value(op));
                    break;
                case "remove":
                    doc = Remove(doc, path, out _);
                    break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, Value(op));
                    break;
                case "move":
                    {
                        var from = Text(op, "from");
                        doc = Remove(doc, from, out var moved);
                        doc = Add(doc, path, moved);
                        break;
                    }

                case "copy":
                    doc = Add(doc, path, Get(doc, Text(op, "from"))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), Value(op)))
                    {
                        throw new PatchException($"testing value {path} failed");
                    }

                    break;
                default:
                    throw new PatchException($"Unexpected kind: {name}", malformed: true);
            }
        }

        return doc;
    }

    private static string Text(JsonObject op, string field) =>
        op[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new PatchException($"operation missing \"{field}\"", malformed: true);

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new PatchException("operation missing \"value\"", malformed: true);

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer \"{pointer}\"", malformed: true);
        }

        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Get(JsonNode? doc, string pointer)
    {
        var cur = doc;
        foreach (var token in Tokens(pointer))
        {
            cur = cur switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new PatchException($"path {pointer} not found"),
            };
        }

        return cur;
    }

    private static JsonNode? Add(JsonNode? doc, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            return value;
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-")
                {
                    a.Add(value);
                }
                else if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count)
                {
                    a.Insert(i, value);
                }
                else
                {
                    throw new PatchException($"add operation does not apply: index {last} out of range in {pointer}");
                }

                break;
            default:
                throw new PatchException($"add operation does not apply: doc is missing path: \"{pointer}\"");
        }

        return doc;
    }

    private static JsonNode? Remove(JsonNode? doc, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            removed = doc;
            return null;
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                o.Remove(last);
                removed = child;
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw new PatchException($"remove operation does not apply: doc is missing path: \"{pointer}\"");
        }

        return doc;
    }

    private static string ParentPointer(List<string> tokens) =>
        tokens.Count == 1 ? string.Empty : "/" + string.Join("/", tokens.Take(tokens.Count - 1).Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
