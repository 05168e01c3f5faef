using System.Text.Json.Nodes;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Reads the operator's settings back out of a rendered Deployment.</summary>
internal sealed class OperatorDeployment(JsonObject deployment)
{
    public JsonObject Document { get; } = deployment;

    public JsonObject PodSpec => (JsonObject)Document["spec"]!["template"]!["spec"]!;

    public JsonObject Container => (JsonObject)((JsonArray)PodSpec["containers"]!).Single(c => c?["name"]?.GetValue<string>() == "operator")!;

    public IReadOnlyList<string> Args => Manifests.Strings(Container["args"]);

    public string Namespace => Document.Namespace() ?? "";

    public string ServiceAccountName => PodSpec["serviceAccountName"]?.GetValue<string>() ?? "default";

    /// <summary>Values of a <c>--flag=value</c> argument, in order.</summary>
    public IReadOnlyList<string> Flag(string name) =>
        Args.Where(a => a.StartsWith(name + "=", StringComparison.Ordinal)).Select(a => a[(name.Length + 1)..]).ToList();

    public IReadOnlyList<string> WatchedNamespaces => Flag("--namespace");

    public bool LeaderElection => Flag("--leader-elect").SingleOrDefault() == "true";

    public static OperatorDeployment In(IEnumerable<JsonObject> docs) => new(docs.Single("Deployment"));
}
