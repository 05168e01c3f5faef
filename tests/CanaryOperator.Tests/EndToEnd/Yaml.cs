using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Patching;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>Reads names out of reference manifests, so tests do not repeat them.</summary>
internal static class Yaml
{
    public static string NameOf(string path, string kind) =>
        YamlToJson.ParseAll(File.ReadAllText(path)).OfType<JsonObject>()
            .First(d => d["kind"]?.GetValue<string>() == kind)["metadata"]!["name"]!.GetValue<string>();
}
