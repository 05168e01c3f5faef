using System.Text.Json.Nodes;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>Walks an openAPIV3Schema by a field path such as <c>.status.canary.weights.canary.weight</c>.</summary>
public static class SchemaPath
{
    /// <summary>
    /// The schema node of <paramref name="path"/>: dot-separated properties; <c>[]</c> steps into <c>items</c>,
    /// <c>{}</c> into <c>additionalProperties</c>. Null when any segment is not declared.
    /// </summary>
    public static JsonObject? Resolve(JsonObject schema, string path)
    {
        JsonObject? node = schema;
        foreach (var segment in path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var suffixes = new List<string>();
            while (name.EndsWith("[]", StringComparison.Ordinal) || name.EndsWith("{}", StringComparison.Ordinal))
            {
                suffixes.Insert(0, name[^2..]);
                name = name[..^2];
            }

            node = name.Length == 0 ? node : node?["properties"]?[name] as JsonObject;
            foreach (var suffix in suffixes)
            {
                node = node?[suffix == "[]" ? "items" : "additionalProperties"] as JsonObject;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
