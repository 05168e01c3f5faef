using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>One document of a multi-document YAML file, named so a theory row says where it came from.</summary>
public sealed record YamlDocument(string File, int Index, JsonObject Node)
{
    public string Kind => Node["kind"]?.GetValue<string>() ?? "";

    public string ApiVersion => Node["apiVersion"]?.GetValue<string>() ?? "";

    public string Name => Node["metadata"]?["name"]?.GetValue<string>() ?? "";

    /// <summary><c>relative/file.yaml#2 (Rollout name)</c>.</summary>
    public string Label => $"{File}#{Index} ({Kind} {Name})";
}

/// <summary>Reads YAML files with the production reader (<see cref="YamlDocuments"/>), caching each file.</summary>
public static class YamlFile
{
    private static readonly Dictionary<string, IReadOnlyList<JsonNode>> Cache = [];
    private static readonly Lock CacheLock = new();

    /// <summary>Every document of <paramref name="path"/>; <paramref name="label"/> names it in results.</summary>
    public static IReadOnlyList<YamlDocument> Documents(string path, string label)
    {
        IReadOnlyList<JsonNode> nodes;
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(path, out nodes!))
            {
                nodes = YamlDocuments.Parse(File.ReadAllText(path));
                Cache[path] = nodes;
            }
        }

        return nodes
            .Select((node, i) => new YamlDocument(label, i, (JsonObject)node.DeepClone()))
            .ToList();
    }

    /// <summary>Every *.yaml / *.yml file below <paramref name="directory"/>, sorted, as paths.</summary>
    public static IReadOnlyList<string> FilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
