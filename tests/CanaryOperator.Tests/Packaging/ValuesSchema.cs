using System.Text.Json.Nodes;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Reads the chart's values.schema.json and walks it beside values.yaml.</summary>
internal static class ValuesSchema
{
    public static JsonObject Load() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(HelmChart.Directory, "values.schema.json")))!;

    /// <summary>Resolves a local <c>$ref</c> (<c>#/definitions/x</c>), merged under the referencing node's own keys.</summary>
    public static JsonObject Resolve(JsonObject root, JsonObject node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference)
        {
            return node;
        }

        JsonNode target = root;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            target = target[part] ?? throw new InvalidOperationException("dangling $ref " + reference);
        }

        var merged = (JsonObject)target.DeepClone();
        foreach (var (key, value) in node)
        {
            if (key != "$ref")
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>Every key of <paramref name="values"/> must have a schema property with a type and a description.</summary>
    public static void CheckDescribed(JsonObject root, JsonObject schema, JsonObject values, string path, List<string> problems)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var (key, value) in values)
        {
            var at = path.Length == 0 ? key : path + "." + key;
            if (properties?[key] is not JsonObject declared)
            {
                problems.Add($"{at} is in values.yaml but not in values.schema.json");
                continue;
            }

            var property = Resolve(root, declared);
            if (property["type"] is null)
            {
                problems.Add($"{at} has no type");
            }

            if (string.IsNullOrWhiteSpace(property["description"]?.GetValue<string>()))
            {
                problems.Add($"{at} has no description");
            }

            if (value is JsonObject nested && property["properties"] is not null)
            {
                CheckDescribed(root, property, nested, at, problems);
            }
        }
    }

    /// <summary>The dotted paths the schema declares (the rows the README's values table must have).</summary>
    public static IReadOnlyList<string> DeclaredPaths()
    {
        var root = Load();
        var paths = new List<string>();
        Collect(root, root, "", paths);
        return paths;
    }

    private static void Collect(JsonObject root, JsonObject schema, string path, List<string> paths)
    {
        foreach (var (key, value) in schema["properties"] as JsonObject ?? [])
        {
            if (key == "global")
            {
                continue;
            }

            var at = path.Length == 0 ? key : path + "." + key;
            var property = Resolve(root, (JsonObject)value!);
            // Only closed objects are expanded; open ones (resources, securityContext) are one documented value.
            if (property["properties"] is JsonObject &&
                property["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "object" &&
                property["additionalProperties"] is JsonValue additional && additional.TryGetValue<bool>(out var open) && !open)
            {
                Collect(root, property, at, paths);
            }
            else
            {
                paths.Add(at);
            }
        }
    }
}
