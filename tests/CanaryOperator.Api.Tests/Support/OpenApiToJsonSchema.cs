using System.Text.Json.Nodes;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>
/// Turns a CRD's structural OpenAPI v3 schema into a JSON Schema (draft 2020-12) that accepts what
/// kube-apiserver keeps and rejects what it would prune or refuse:
/// <list type="bullet">
/// <item>an object's undeclared properties fail (<c>additionalProperties: false</c>) unless the node has
/// <c>x-kubernetes-preserve-unknown-fields</c> — the apiserver prunes them, and kubectl's default strict field
/// validation turns that into an error, so a typo is caught;</item>
/// <item><c>x-kubernetes-int-or-string</c> → <c>anyOf [integer, string]</c>;</item>
/// <item><c>format: int32</c> / <c>int64</c> → the range as minimum/maximum (JSON Schema has no such format);</item>
/// <item>null is only allowed where <c>nullable: true</c>;</item>
/// <item>the root <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> are always accepted and <c>metadata</c> is left
/// open: the apiserver validates ObjectMeta itself, a CRD may only say <c>type: object</c> there.</item>
/// </list>
/// Value validations inside allOf/anyOf/oneOf/not are translated without the closed-object rule, because
/// in a structural schema they may only restate fields declared outside them.
/// </summary>
public static class OpenApiToJsonSchema
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    private static readonly string[] CopiedKeywords =
    [
        "enum", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "required", "uniqueItems",
    ];

    public static JsonObject Translate(JsonObject openApiRoot)
    {
        var result = TranslateNode(openApiRoot, inJunctor: false);

        // apiVersion, kind and metadata are always accepted at the root, declared or not (Istio's CRDs
        // declare only spec and status).
        var properties = result["properties"] as JsonObject ?? [];
        properties.TryAdd("apiVersion", new JsonObject { ["type"] = "string" });
        properties.TryAdd("kind", new JsonObject { ["type"] = "string" });
        properties["metadata"] = new JsonObject { ["type"] = "object" };
        result["properties"] = properties;
        result["$schema"] = Draft;
        return result;
    }

    private static JsonObject TranslateNode(JsonObject node, bool inJunctor)
    {
        var result = new JsonObject();
        var nullable = node["nullable"]?.GetValue<bool>() == true;
        var preserve = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;

        if (node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            var choices = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
            if (nullable)
            {
                choices.Add(new JsonObject { ["type"] = "null" });
            }

            result["anyOf"] = choices;
        }
        else if (node["type"]?.GetValue<string>() is { } type)
        {
            result["type"] = nullable ? new JsonArray(type, "null") : type;
            ApplyFormat(node["format"]?.GetValue<string>(), type, result);
        }

        foreach (var keyword in CopiedKeywords)
        {
            if (node[keyword] is { } value)
            {
                result[keyword] = value.DeepClone();
            }
        }

        if (node["properties"] is JsonObject properties)
        {
            var translated = new JsonObject();
            foreach (var (name, child) in properties)
            {
                translated[name] = TranslateNode((JsonObject)child!, inJunctor);
            }

            result["properties"] = translated;
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            result["additionalProperties"] = TranslateNode(additional, inJunctor);
        }
        else if (node["additionalProperties"] is JsonValue additionalFlag)
        {
            result["additionalProperties"] = additionalFlag.DeepClone();
        }
        else if (!preserve && !inJunctor && node["type"]?.GetValue<string>() == "object")
        {
            result["additionalProperties"] = false;
        }

        if (node["items"] is JsonObject items)
        {
            result["items"] = TranslateNode(items, inJunctor);
        }

        foreach (var junctor in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (node[junctor] is JsonArray branches)
            {
                var translated = new JsonArray(branches.Select(b => (JsonNode)TranslateNode((JsonObject)b!, inJunctor: true)).ToArray());
                if (result.ContainsKey(junctor))
                {
                    // int-or-string already used anyOf; keep both by nesting under allOf.
                    result["allOf"] = new JsonArray(new JsonObject { [junctor] = translated });
                }
                else
                {
                    result[junctor] = translated;
                }
            }
        }

        if (node["not"] is JsonObject not)
        {
            result["not"] = TranslateNode(not, inJunctor: true);
        }

        return result;
    }

    private static void ApplyFormat(string? format, string type, JsonObject result)
    {
        switch (format, type)
        {
            case ("int32", "integer"):
                result["minimum"] = int.MinValue;
                result["maximum"] = int.MaxValue;
                break;
            case ("int64", "integer"):
                result["minimum"] = long.MinValue;
                result["maximum"] = long.MaxValue;
                break;
            case ("date-time", "string"):
                result["format"] = "date-time";
                break;
        }
    }
}
