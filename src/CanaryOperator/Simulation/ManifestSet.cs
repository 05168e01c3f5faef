using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using YamlDotNet.Core;

namespace CanaryOperator.Simulation;

/// <summary>One document of a manifest file.</summary>
public sealed record ManifestDocument(string File, int Index, JsonObject Body)
{
    public string Kind => (string?)Body["kind"] ?? "";

    public string ApiVersion => (string?)Body["apiVersion"] ?? "";

    public string Name => (string?)Body["metadata"]?["name"] ?? "";

    public string? Namespace => (string?)Body["metadata"]?["namespace"];

    public override string ToString() => $"{File} (document {Index + 1}, {Kind} {Name})";
}

/// <summary>A manifest the simulation cannot use, with the file, the document and the field that are wrong.</summary>
public sealed class ManifestException(string message) : Exception(message);

/// <summary>Reads the manifests a user points <c>simulate</c> at, and checks them before anything runs.</summary>
public static class ManifestSet
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Every document of every file, in path order then file-name order then document order.</summary>
    /// <exception cref="ManifestException">A file is missing or unreadable, or a document lacks apiVersion, kind or metadata.name.</exception>
    public static IReadOnlyList<ManifestDocument> Load(IEnumerable<string> paths)
    {
        var documents = new List<ManifestDocument>();
        foreach (var file in paths.SelectMany(Expand))
        {
            IReadOnlyList<JsonNode> parsed;
            try
            {
                parsed = YamlDocuments.Parse(File.ReadAllText(file));
            }
            catch (YamlException ex)
            {
                throw new ManifestException($"{file}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            }

            for (var i = 0; i < parsed.Count; i++)
            {
                if (parsed[i] is not JsonObject body)
                {
                    throw new ManifestException($"{file} (document {i + 1}): a Kubernetes object must be a mapping");
                }

                var doc = new ManifestDocument(file, i, body);
                foreach (var (field, value) in new[] { ("apiVersion", doc.ApiVersion), ("kind", doc.Kind), ("metadata.name", doc.Name) })
                {
                    if (value.Length == 0)
                    {
                        throw new ManifestException($"{file} (document {i + 1}): {field}: Required value");
                    }
                }

                documents.Add(doc);
            }
        }

        return documents;
    }

    /// <summary>Reads a Rollout document into the model; a wrongly typed field is named by its JSON path.</summary>
    public static Rollout ReadRollout(ManifestDocument doc)
    {
        try
        {
            return ApiJson.Deserialize<Rollout>(doc.Body);
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            throw new ManifestException($"{doc}: {path}: {ex.Message.Split(". Path:")[0]}");
        }
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new ManifestException($"{path}: no .yaml, .yml or .json files in this folder");
            }

            return files;
        }

        if (File.Exists(path))
        {
            return [path];
        }

        throw new ManifestException($"{path}: no such file or folder");
    }
}
