using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var sb = new StringBuilder();
        if (node is null)
        {
            WriteZero(sb, type, table);
        }
        else
        {
            WriteValue(sb, node, type, table);
        }

        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, JsonNode node, GoType type, GoStructTable table)
    {
        switch (type.Kind)
        {
            case GoKind.String or GoKind.Time when IsString(node):
                WriteString(sb, node.GetValue<string>());
                break;
            case GoKind.Int or GoKind.Bool when node is JsonValue:
                sb.Append(node.ToJsonString());
                break;
            case GoKind.Quantity when node is JsonValue:
                WriteString(sb, CanonicalQuantity(IsString(node) ? node.GetValue<string>() : node.ToJsonString()));
                break;
            case GoKind.IntOrString when node is JsonValue:
                if (IsString(node))
                {
                    WriteString(sb, node.GetValue<string>());
                }
                else
                {
                    sb.Append(node.ToJsonString());
                }

                break;
            case GoKind.Struct when node is JsonObject obj:
                WriteStruct(sb, obj, type.StructName!, table);
                break;
            case GoKind.Pointer:
                WriteValue(sb, node, type.Elem!, table);
                break;
            case GoKind.Slice when node is JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteElement(sb, array[i], type.Elem!, table);
                }

                sb.Append(']');
                break;
            case GoKind.Map when node is JsonObject map:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in SortedByUtf8(map))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    WriteElement(sb, value, type.Elem!, table);
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

    private static void WriteElement(StringBuilder sb, JsonNode? node, GoType type, GoStructTable table)
    {
        if (node is null)
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

        WriteValue(sb, node, type, table);
    }

    private static void WriteStruct(StringBuilder sb, JsonObject? obj, string structName, GoStructTable table)
    {
        var fields = table.Fields(structName);
        sb.Append('{');
        var first = true;
        foreach (var field in fields)
        {
            var value = obj?[field.Name];
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
            if (value is null)
            {
                WriteZero(sb, field.Type, table);
            }
            else
            {
                WriteValue(sb, value, field.Type, table);
            }
        }

        if (obj is not null && table.UnknownFields == UnknownFieldPolicy.AppendSorted)
        {
            var known = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, value) in SortedByUtf8(obj))
            {
                if (known.Contains(key) || value is null)
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
                WriteAny(sb, value, sortKeys: true);
            }
        }

        sb.Append('}');
    }

    /// <summary>encoding/json's omitempty: false, 0, "", nil pointer, nil or empty slice/map. Structs are never empty.</summary>
    private static bool ShouldWrite(JsonNode? value, GoField field)
    {
        var kind = field.Type.Kind;
        if (value is null)
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
            GoKind.String => !(IsString(value) && value.GetValue<string>().Length == 0),
            GoKind.Int => !(value is JsonValue v && v.TryGetValue<decimal>(out var d) && d == 0),
            GoKind.Bool => !(value is JsonValue b && b.TryGetValue<bool>(out var flag) && !flag),
            GoKind.Slice => value is not JsonArray { Count: 0 },
            GoKind.Map => value is not JsonObject { Count: 0 },
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
    private static void WriteAny(StringBuilder sb, JsonNode? node, bool sortKeys)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in sortKeys ? SortedByUtf8(obj) : obj.ToList())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    WriteAny(sb, value, sortKeys);
                }

                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteAny(sb, array[i], sortKeys);
                }

                sb.Append(']');
                break;
            default:
                if (IsString(node))
                {
                    WriteString(sb, node.GetValue<string>());
                }
                else
                {
                    sb.Append(node.ToJsonString());
                }

                break;
        }
    }

    private static bool IsString(JsonNode node) => node.GetValueKind() == JsonValueKind.String;

    /// <summary>Go sorts map keys by their bytes; for UTF-8 that is code-point order (not UTF-16 order).</summary>
    private static List<KeyValuePair<string, JsonNode?>> SortedByUtf8(JsonObject obj)
    {
        var list = obj.ToList();
        list.Sort((a, b) => CompareUtf8(a.Key, b.Key));
        return list;
    }

    private static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

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
