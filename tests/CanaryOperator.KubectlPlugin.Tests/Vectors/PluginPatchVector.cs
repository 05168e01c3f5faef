using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;

namespace CanaryOperator.KubectlPlugin.Tests.Vectors;

/// <summary>One entry of <c>kubectl_plugin_patches.json</c>, turned into a rollout to create and a command line to run.</summary>
public sealed class PluginPatchVector
{
    public const string FileName = "kubectl_plugin_patches.json";
    public const string RolloutName = "guestbook";

    private static readonly HashSet<string> CommandWords = ["promote", "abort", "retry", "rollout", "restart", "pause", "undo"];

    private static readonly Lazy<IReadOnlyList<JsonObject>> All = new(() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Vectors, FileName)))!.AsArray().Select(v => v!.AsObject())]);

    private PluginPatchVector(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public string Name => Json["name"]!.GetValue<string>();

    public JsonObject Input => Json["input"]?.AsObject() ?? [];

    public JsonObject Expected => Json["expected"]!.AsObject();

    /// <summary>The Argo command with <c>kubectl argo rollouts</c> dropped, e.g. ["promote", "--full"].</summary>
    public IReadOnlyList<string> CommandTokens => Json["function"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).ToList();

    /// <summary>The rollout the command names: the vector's own (e.g. "doesnotexist") when it gives one.</summary>
    public string TargetName
    {
        get
        {
            var words = CommandTokens.Where(t => !t.StartsWith('-')).ToList();
            return CommandWords.Contains(words[^1]) ? RolloutName : words[^1];
        }
    }

    /// <summary>False when the vector names a rollout that must not exist.</summary>
    public bool RolloutExists => TargetName == RolloutName;

    public static IEnumerable<string> Names => All.Value.Select(v => v["name"]!.GetValue<string>());

    public static PluginPatchVector Named(string name) => new(All.Value.Single(v => v["name"]!.GetValue<string>() == name));

    /// <summary>Our command line: the Argo words and flags, the rollout name after the command words.</summary>
    public List<string> Arguments()
    {
        var words = CommandTokens.Where(t => !t.StartsWith('-')).ToList();
        var flags = CommandTokens.Where(t => t.StartsWith('-')).ToList();
        if (RolloutExists)
        {
            words.Add(RolloutName);
        }

        return [.. words, .. flags];
    }
}
