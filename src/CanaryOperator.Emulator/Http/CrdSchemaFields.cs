using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// Strict field validation of custom objects against their CRD version's <c>openAPIV3Schema</c>, as a structural
/// schema: fields not under <c>properties</c> are unknown unless <c>additionalProperties</c> or
/// <c>x-kubernetes-preserve-unknown-fields</c> allows them; <c>type</c> is checked for scalars, objects and arrays.
/// <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> of the object (and of embedded resources) are always allowed;
/// metadata is checked against ObjectMeta.
/// </summary>
internal static class CrdSchemaFields
{
    public static void Check(JsonObject obj, JsonObject schema, FieldErrors errors) => CheckNode(obj, schema, string.Empty, errors, embeddedResource: true);

    private static void CheckNode(JsonNode? node, JsonObject schema, string path, FieldErrors errors, bool embeddedResource = false)
    {
        if (node is null)
        {
            return;
        }

        var kind = node.GetValueKind();
        if (!TypeMatches(schema, kind))
        {
            errors.WrongType(path, Str(schema["type"]) ?? "object", kind);
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors, embeddedResource || schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckNode(array[i], items, $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, FieldErrors errors, bool embeddedResource)
    {
        var properties = schema["properties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var additional = schema["additionalProperties"];
        foreach (var (key, value) in obj)
        {
            var child = path.Length == 0 ? key : path + "." + key;
            // A resource's own apiVersion/kind/metadata follow ObjectMeta whatever the schema says (CRDs often
            // declare metadata as a bare "type: object").
            if (embeddedResource && key is "apiVersion" or "kind")
            {
                if (value is not null && value.GetValueKind() != JsonValueKind.String)
                {
                    errors.WrongType(child, "string", value.GetValueKind());
                }
            }
            else if (embeddedResource && key == "metadata")
            {
                TypedModelFields.Check(value, typeof(V1ObjectMeta), child, errors);
            }
            else if (properties?[key] is JsonObject declared)
            {
                CheckNode(value, declared, child, errors);
            }
            else if (additional is JsonObject valueSchema)
            {
                CheckNode(value, valueSchema, child, errors);
            }
            else if (!preserve && !(additional is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.True))
            {
                errors.Unknown(child);
            }
        }
    }

    private static bool TypeMatches(JsonObject schema, JsonValueKind kind)
    {
        if (kind == JsonValueKind.Null || schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true && schema["type"] is null)
        {
            return true;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return kind is JsonValueKind.String or JsonValueKind.Number;
        }

        return Str(schema["type"]) switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "integer" or "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
