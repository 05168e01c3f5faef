using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using k8s.Models;

namespace CanaryOperator.Engine.Hashing;

/// <summary>
/// Writes a JSON tree the way Go's <c>encoding/json</c> would write the typed Go value it represents: struct
/// fields in declaration order, <c>omitempty</c> / zero-value rules, map keys sorted, Go's string escaping
/// (HTML-safe <c>\u003c</c>, <c>\u0026</c>, ...). The tree's own key order is ignored, so the output depends only
/// on the data — the property a hash that must never drift needs.
/// </summary>
public static class GoJsonEncoder
{
    public static string Encode(JsonNode? node, GoType type, GoStructTable table)
    {
        if (node is null)
        {
            var sb = new StringBuilder();
            WriteZero(sb, type, table);
            return sb.ToString();
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return Encode(document.RootElement, type, table);
    }

    /// <summary>
    /// Encodes a model object (serialized with the API's settings): read as a <see cref="JsonDocument"/>, whose
    /// buffers are pooled, rather than as a node tree — the planner hashes the pod template and the steps on every pass.
    /// </summary>
    public static string EncodeModel(object? value, GoType type, GoStructTable table)
    {
        if (value is null)
        {
            return Encode((JsonNode?)null, type, table);
        }

        using var document = JsonDocument.Parse(ApiJson.Serialize(value));
        return Encode(document.RootElement, type, table);
    }

    public static string Encode(JsonElement element, GoType type, GoStructTable table)
    {
        var sb = new StringBuilder();
        if (Present(element) is { } value)
        {
            WriteValue(sb, value, type, table);
        }
        else
        {
            WriteZero(sb, type, table);
        }

        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, JsonElement node, GoType type, GoStructTable table)
    {
        switch (type.Kind)
        {
            case GoKind.String or GoKind.Time when IsString(node):
                WriteString(sb, node.GetString()!);
                break;
            case GoKind.Int or GoKind.Bool when IsScalar(node):
                sb.Append(ScalarText(node));
                break;
            case GoKind.Quantity when IsScalar(node):
                WriteString(sb, CanonicalQuantity(IsString(node) ? node.GetString()! : ScalarText(node)));
                break;
            case GoKind.IntOrString when IsScalar(node):
                if (IsString(node))
                {
                    WriteString(sb, node.GetString()!);
                }
                else
                {
                    sb.Append(ScalarText(node));
                }

                break;
            case GoKind.Struct when node.ValueKind == JsonValueKind.Object:
                WriteStruct(sb, node, type.StructName!, table);
                break;
            case GoKind.Pointer:
                WriteValue(sb, node, type.Elem!, table);
                break;
            case GoKind.Slice when node.ValueKind == JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    if (i++ > 0)
                    {
                        sb.Append(',');
                    }

                    WriteElement(sb, Present(item), type.Elem!, table);
                }

                sb.Append(']');
                break;
            case GoKind.Map when node.ValueKind == JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in SortedByUtf8(node))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    WriteElement(sb, Present(value), type.Elem!, table);
                }

                sb.Append('}');
                break;
            case GoKind.Raw:
                WriteAny(sb, node, sortKeys: false);
                break;
            default:
                // Any, or data that does not have the declared shape: still deterministic.
                WriteAny(sb, node, sortKeys: true);
                break;
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement? node, GoType type, GoStructTable table)
    {
        if (node is not { } value)
        {
            // A null slice element / map value: a nil pointer is "null"; a value type decodes to its zero value.
            if (type.Kind is GoKind.Pointer or GoKind.Slice or GoKind.Map or GoKind.Raw or GoKind.Any)
            {
                sb.Append("null");
            }
            else
            {
                WriteZero(sb, type, table);
            }

            return;
        }

        WriteValue(sb, value, type, table);
    }

    private static void WriteStruct(StringBuilder sb, JsonElement? obj, string structName, GoStructTable table)
    {
        var fields = table.Fields(structName);
        sb.Append('{');
        var first = true;
        foreach (var field in fields)
        {
            var value = obj is { } o && o.TryGetProperty(field.Name, out var found) ? Present(found) : null;
            if (!ShouldWrite(value, field))
            {
                continue;
            }

            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            WriteString(sb, field.Name);
            sb.Append(':');
            if (value is { } present)
            {
                WriteValue(sb, present, field.Type, table);
            }
            else
            {
                WriteZero(sb, field.Type, table);
            }
        }

        if (obj is { } unknownSource && table.UnknownFields == UnknownFieldPolicy.AppendSorted)
        {
            var known = table.FieldNames(structName);
            foreach (var (key, value) in SortedByUtf8(unknownSource))
            {
                if (known.Contains(key) || Present(value) is not { } present)
                {
                    continue;
                }

                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                WriteString(sb, key);
                sb.Append(':');
                WriteAny(sb, present, sortKeys: true);
            }
        }

        sb.Append('}');
    }

    /// <summary>encoding/json's omitempty: false, 0, "", nil pointer, nil or empty slice/map. Structs are never empty.</summary>
    private static bool ShouldWrite(JsonElement? present, GoField field)
    {
        var kind = field.Type.Kind;
        if (present is not { } value)
        {
            // Missing or null in the tree = Go zero value.
            return kind switch
            {
                GoKind.Struct or GoKind.Quantity or GoKind.IntOrString => true,
                GoKind.Time => false, // omitzero
                _ => !field.OmitEmpty,
            };
        }

        if (!field.OmitEmpty)
        {
            return true;
        }

        return kind switch
        {
            GoKind.String => !(IsString(value) && value.ValueEquals(string.Empty)),
            GoKind.Int => !(value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == 0),
            GoKind.Bool => value.ValueKind != JsonValueKind.False,
            GoKind.Slice => !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0),
            GoKind.Map => !(value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().MoveNext()),
            _ => true,
        };
    }

    private static void WriteZero(StringBuilder sb, GoType type, GoStructTable table)
    {
        switch (type.Kind)
        {
            case GoKind.String:
                sb.Append("\"\"");
                break;
            case GoKind.Int or GoKind.IntOrString:
                sb.Append('0');
                break;
            case GoKind.Bool:
                sb.Append("false");
                break;
            case GoKind.Quantity:
                sb.Append("\"0\"");
                break;
            case GoKind.Struct:
                WriteStruct(sb, null, type.StructName!, table);
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>Untyped JSON, with or without sorting object keys (Go sorts map keys; RawMessage keeps its order).</summary>
    private static void WriteAny(StringBuilder sb, JsonElement? present, bool sortKeys)
    {
        if (present is not { } node)
        {
            sb.Append("null");
            return;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in sortKeys ? SortedByUtf8(node) : InOrder(node))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    WriteAny(sb, Present(value), sortKeys);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    if (i++ > 0)
                    {
                        sb.Append(',');
                    }

                    WriteAny(sb, Present(item), sortKeys);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(sb, node.GetString()!);
                break;
            default:
                sb.Append(ScalarText(node));
                break;
        }
    }

    /// <summary>JSON null reads as absent, as it did in a node tree (where a null value is a null node).</summary>
    private static JsonElement? Present(JsonElement element) =>
        element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : element;

    private static bool IsString(JsonElement node) => node.ValueKind == JsonValueKind.String;

    private static bool IsScalar(JsonElement node) => node.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>
    /// A scalar as System.Text.Json writes it: numbers and booleans as they stand, a string (only where the layout expects
    /// a number or bool) escaped by the default encoder, as a node tree's <c>ToJsonString</c> wrote it.
    /// </summary>
    private static string ScalarText(JsonElement node) => IsString(node) ? JsonSerializer.Serialize(node) : node.GetRawText();

    private static List<(string Key, JsonElement Value)> InOrder(JsonElement obj)
    {
        var list = new List<(string Key, JsonElement Value)>();
        foreach (var property in obj.EnumerateObject())
        {
            list.Add((property.Name, property.Value));
        }

        return list;
    }

    /// <summary>Go sorts map keys by their bytes; for UTF-8 that is code-point order (not UTF-16 order).</summary>
    private static List<(string Key, JsonElement Value)> SortedByUtf8(JsonElement obj)
    {
        var list = InOrder(obj);
        list.Sort((a, b) => CompareUtf8(a.Key, b.Key));
        return list;
    }

    /// <summary>
    /// UTF-8 byte order without encoding: UTF-8 preserves code-point order, so compare code points. Only a surrogate
    /// pair (above U+FFFF) against a char at or above U+E000 orders differently from a UTF-16 ordinal compare.
    /// A lone surrogate compares as U+FFFD, the bytes Encoding.UTF8 would substitute for it.
    /// </summary>
    private static int CompareUtf8(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = NextCodePoint(a, ref i);
            var y = NextCodePoint(b, ref j);
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
        }

        return (a.Length - i).CompareTo(b.Length - j) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }

    private static int NextCodePoint(string s, ref int i)
    {
        var c = s[i++];
        if (char.IsHighSurrogate(c) && i < s.Length && char.IsLowSurrogate(s[i]))
        {
            return char.ConvertToUtf32(c, s[i++]);
        }

        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    /// <summary>
    /// resource.Quantity marshals as its canonical form ("0.5" → "500m"). We use KubernetesClient's port of
    /// that canonicalisation; text it cannot parse is kept as written (still deterministic).
    /// </summary>
    private static string CanonicalQuantity(string text)
    {
        try
        {
            return new ResourceQuantity(text).CanonicalizeString();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return text;
        }
    }

    /// <summary>Go <c>encoding/json</c> string escaping with HTML escaping on (the json.Marshal default).</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        const string hex = "0123456789abcdef";
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < ' ' or '<' or '>' or '&':
                    sb.Append("\\u00").Append(hex[c >> 4]).Append(hex[c & 0xF]);
                    break;
                case '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd"); // Go replaces invalid UTF-8 with U+FFFD
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
