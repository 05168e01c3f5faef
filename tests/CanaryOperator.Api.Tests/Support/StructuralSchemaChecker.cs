using System.Text.Json.Nodes;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>
/// The rules of a structural schema that apiextensions.k8s.io/v1 enforces (Kubernetes docs, "Specifying a
/// structural schema", and the v1 restrictions), checked over a raw openAPIV3Schema. Returns each violation
/// as <c>path: rule</c>, so a broken CRD is reported before any cluster sees it.
/// </summary>
public static class StructuralSchemaChecker
{
    private static readonly HashSet<string> Types = ["object", "array", "string", "integer", "number", "boolean"];

    // Keywords apiextensions v1 refuses anywhere in a CRD schema.
    private static readonly string[] Forbidden =
    [
        "$ref", "$schema", "id", "definitions", "dependencies", "patternProperties", "additionalItems",
    ];

    // Keywords that may not appear inside allOf/anyOf/oneOf/not (value validations only there).
    private static readonly string[] ForbiddenInJunctor =
    [
        "type", "description", "default", "additionalProperties", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
    ];

    public static IReadOnlyList<string> Violations(JsonObject root)
    {
        var result = new List<string>();
        CheckNode(root, "", isRoot: true, result);
        return result;
    }

    private static void CheckNode(JsonObject node, string path, bool isRoot, List<string> result)
    {
        var at = path.Length == 0 ? "<root>" : path;
        var type = node["type"]?.GetValue<string>();
        var intOrString = Flag(node, "x-kubernetes-int-or-string");
        var preserve = Flag(node, "x-kubernetes-preserve-unknown-fields");

        if (string.IsNullOrEmpty(type) && !intOrString && !preserve)
        {
            result.Add($"{at}: no type (only allowed with x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)");
        }

        if (type is not null && !Types.Contains(type))
        {
            result.Add($"{at}: unknown type '{type}'");
        }

        if (intOrString && type is not null)
        {
            result.Add($"{at}: x-kubernetes-int-or-string must not set a type");
        }

        if (isRoot && type != "object")
        {
            result.Add($"{at}: the root must be type: object");
        }

        foreach (var keyword in Forbidden)
        {
            if (node.ContainsKey(keyword))
            {
                result.Add($"{at}: '{keyword}' is not allowed in a CRD schema");
            }
        }

        foreach (var flag in new[] { "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource" })
        {
            if (node.ContainsKey(flag) && !Flag(node, flag))
            {
                result.Add($"{at}: {flag} must be true or absent");
            }
        }

        if (node["uniqueItems"] is JsonValue unique && unique.GetValue<bool>())
        {
            result.Add($"{at}: uniqueItems: true is not allowed");
        }

        if (node.ContainsKey("properties") && node.ContainsKey("additionalProperties"))
        {
            result.Add($"{at}: properties and additionalProperties are mutually exclusive");
        }

        if (node["additionalProperties"] is JsonValue additionalFlag && !additionalFlag.GetValue<bool>())
        {
            result.Add($"{at}: additionalProperties: false is not allowed (unknown fields are pruned by default)");
        }

        if ((node.ContainsKey("properties") || node.ContainsKey("additionalProperties")) && type is not null && type != "object")
        {
            result.Add($"{at}: properties/additionalProperties on a non-object ({type})");
        }

        if (node.ContainsKey("items") && type is not null && type != "array")
        {
            result.Add($"{at}: items on a non-array ({type})");
        }

        if (type == "array" && node["items"] is not JsonObject)
        {
            result.Add($"{at}: an array must have a single items schema");
        }

        if (Flag(node, "x-kubernetes-embedded-resource") && type != "object")
        {
            result.Add($"{at}: x-kubernetes-embedded-resource needs type: object");
        }

        CheckRequired(node, at, preserve, result);
        CheckEnum(node, at, type, result);
        CheckListAndMapTypes(node, at, type, result);

        if (isRoot && node["properties"]?["metadata"] is JsonObject metadata)
        {
            CheckRootMetadata(metadata, result);
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childObject)
                {
                    CheckNode(childObject, Join(path, name), false, result);
                }
                else
                {
                    result.Add($"{Join(path, name)}: a property schema must be an object");
                }
            }
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            CheckNode(additional, path + "{*}", false, result);
        }

        if (node["items"] is JsonObject items)
        {
            CheckNode(items, path + "[]", false, result);
        }

        foreach (var junctor in new[] { "allOf", "anyOf", "oneOf" })
        {
            foreach (var branch in node[junctor]?.AsArray() ?? [])
            {
                CheckJunctor((JsonObject)branch!, node, $"{at}.{junctor}", intOrString, result);
            }
        }

        if (node["not"] is JsonObject not)
        {
            CheckJunctor(not, node, $"{at}.not", intOrString, result);
        }
    }

    private static void CheckRequired(JsonObject node, string at, bool preserve, List<string> result)
    {
        if (node["required"] is not JsonArray required)
        {
            return;
        }

        var properties = node["properties"] as JsonObject;
        foreach (var name in required.Select(r => r!.GetValue<string>()))
        {
            // Not an apiserver rule, but a required field nobody declared would be pruned and then missing.
            if (properties?.ContainsKey(name) != true && !preserve)
            {
                result.Add($"{at}: required '{name}' is not declared in properties");
            }
        }
    }

    private static void CheckEnum(JsonObject node, string at, string? type, List<string> result)
    {
        if (node["enum"] is not JsonArray values || type is null)
        {
            return;
        }

        foreach (var value in values)
        {
            var kind = value?.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => type == "number" ? "number" : "integer",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                System.Text.Json.JsonValueKind.Object => "object",
                System.Text.Json.JsonValueKind.Array => "array",
                _ => "null",
            };
            if (kind != type && !(kind == "null" && Flag(node, "nullable")))
            {
                result.Add($"{at}: enum value {value?.ToJsonString() ?? "null"} does not match type {type}");
            }
        }
    }

    private static void CheckListAndMapTypes(JsonObject node, string at, string? type, List<string> result)
    {
        if (node["x-kubernetes-list-type"]?.GetValue<string>() is { } listType)
        {
            if (type != "array")
            {
                result.Add($"{at}: x-kubernetes-list-type on a non-array");
            }

            if (listType is not ("atomic" or "set" or "map"))
            {
                result.Add($"{at}: x-kubernetes-list-type must be atomic, set or map");
            }

            if (listType == "map" && node["x-kubernetes-list-map-keys"] is not JsonArray { Count: > 0 })
            {
                result.Add($"{at}: x-kubernetes-list-type map needs x-kubernetes-list-map-keys");
            }
        }

        if (node["x-kubernetes-map-type"]?.GetValue<string>() is { } mapType)
        {
            if (type != "object")
            {
                result.Add($"{at}: x-kubernetes-map-type on a non-object");
            }

            if (mapType is not ("atomic" or "granular"))
            {
                result.Add($"{at}: x-kubernetes-map-type must be atomic or granular");
            }
        }
    }

    // Only metadata.name and metadata.generateName may be restricted (and only to strings).
    private static void CheckRootMetadata(JsonObject metadata, List<string> result)
    {
        if (metadata["type"]?.GetValue<string>() != "object")
        {
            result.Add("metadata: must be type: object");
        }

        foreach (var (name, _) in metadata["properties"] as JsonObject ?? [])
        {
            if (name is not ("name" or "generateName"))
            {
                result.Add($"metadata.{name}: only metadata.name and metadata.generateName may be specified");
            }
        }

        foreach (var key in metadata.Select(p => p.Key))
        {
            if (key is not ("type" or "properties" or "description"))
            {
                result.Add($"metadata: '{key}' is not allowed on the root metadata");
            }
        }
    }

    private static void CheckJunctor(JsonObject branch, JsonObject owner, string at, bool ownerIsIntOrString, List<string> result)
    {
        foreach (var keyword in ForbiddenInJunctor)
        {
            // The int-or-string pattern anyOf: [{type: integer}, {type: string}] is the one allowed use of type.
            if (branch.ContainsKey(keyword) && !(ownerIsIntOrString && keyword == "type"))
            {
                result.Add($"{at}: '{keyword}' is not allowed inside a logical junctor");
            }
        }

        foreach (var (name, _) in branch["properties"] as JsonObject ?? [])
        {
            if (owner["properties"]?[name] is null)
            {
                result.Add($"{at}.{name}: a field inside a logical junctor must also be declared outside it");
            }
        }

        if (branch.ContainsKey("items") && !owner.ContainsKey("items"))
        {
            result.Add($"{at}: items inside a logical junctor must also be declared outside it");
        }
    }

    private static bool Flag(JsonObject node, string name) => node[name] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
