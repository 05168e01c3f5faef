using System.Globalization;
using System.Text.Json.Nodes;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>
/// "Unchanged" as the issue defines it: JSON-equal ignoring property order. Both sides are rebuilt with sorted
/// keys and numbers re-read from their text, so a YAML <c>10</c> (a long node) equals a serialized <c>10</c>.
/// </summary>
public static class JsonComparison
{
    /// <summary>A copy with every object's properties in ordinal order.</summary>
    public static JsonNode? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Normalize).ToArray()),
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    public static bool AreEqual(JsonNode? expected, JsonNode? actual) =>
        JsonNode.DeepEquals(Normalize(expected), Normalize(actual));

    /// <summary>Every JSON path where the two differ (empty when equal), for readable failure messages.</summary>
    public static IReadOnlyList<string> Differences(JsonNode? expected, JsonNode? actual)
    {
        var result = new List<string>();
        Collect("$", Normalize(expected), Normalize(actual), result);
        return result;
    }

    private static void Collect(string path, JsonNode? expected, JsonNode? actual, List<string> result)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var childPath = path + "." + key;
                    if (!e.ContainsKey(key))
                    {
                        result.Add($"{childPath}: unexpected {Show(a[key])}");
                    }
                    else if (!a.ContainsKey(key))
                    {
                        result.Add($"{childPath}: missing (expected {Show(e[key])})");
                    }
                    else
                    {
                        Collect(childPath, e[key], a[key], result);
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Collect(path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", e[i], a[i], result);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    result.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
