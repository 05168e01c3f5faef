using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.EngineTesting;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>
/// One observable state of a lifecycle after a pass, in revision terms (hashes are implementation details):
/// step index, phase, pods per revision (spec), primary-route weights stable/canary, DR subsets stable/canary.
/// </summary>
public sealed record TraceRow(string Index, string Phase, string Pods, string Weights, string Subsets)
{
    public override string ToString() => $"{Index} | {Phase} | {Pods} | {Weights} | {Subsets}";
}

/// <summary>Records a <see cref="TraceRow"/> after every pass and compares traces as ordered milestones.</summary>
public static class ScenarioTrace
{
    public static TraceRow Capture(FakeCluster cluster)
    {
        var status = cluster.Rollout.Status ?? new RolloutStatus();
        string Rev(string? hash) => cluster.ReplicaSetByHash(hash) is { } rs ? $"r{rs.Revision.ToString(CultureInfo.InvariantCulture)}" : "-";
        var pods = string.Join(" ", cluster.ReplicaSets.OrderBy(r => r.Revision).Select(r => $"r{r.Revision.ToString(CultureInfo.InvariantCulture)}={r.SpecReplicas.ToString(CultureInfo.InvariantCulture)}"));
        var weights = "-";
        try
        {
            var route = cluster.VirtualService("vs")["spec"]!["http"]!.AsArray()[0]!["route"]!.AsArray();
            int W(string role) => route.Where(d => Role(d!) == role).Select(d => (int?)d!["weight"] ?? 0).DefaultIfEmpty(-1).Sum();
            weights = $"{W("stable").ToString(CultureInfo.InvariantCulture)}/{W("canary").ToString(CultureInfo.InvariantCulture)}";
        }
        catch (KeyNotFoundException)
        {
        }

        var subsets = "-";
        if (cluster.DestinationRule?["spec"]?["subsets"] is JsonArray list)
        {
            string Label(string name) => Rev((string?)list.FirstOrDefault(s => (string?)s!["name"] == name)?["labels"]?[RolloutLabels.PodTemplateHash]);
            subsets = $"{Label("stable")}/{Label("canary")}";
        }

        return new TraceRow(status.CurrentStepIndex?.ToString(CultureInfo.InvariantCulture) ?? "nil", status.Phase ?? "", pods, weights, subsets);
    }

    private static string Role(JsonNode destination)
    {
        var d = destination["destination"]!;
        var subset = (string?)d["subset"];
        var host = (string?)d["host"] ?? "";
        return subset ?? (host.StartsWith("canary", StringComparison.Ordinal) ? "canary" : "stable");
    }

    /// <summary>Runs passes, capturing a row after each; consecutive duplicates collapse into one.</summary>
    public static List<TraceRow> Record(FakeCluster cluster, Func<FakeCluster, bool>? until = null, int maxPasses = 200)
    {
        var rows = new List<TraceRow>();
        cluster.Run(c =>
        {
            var row = Capture(c);
            if (rows.Count == 0 || rows[^1] != row)
            {
                rows.Add(row);
            }

            return until?.Invoke(c) == true;
        }, maxPasses);
        return rows;
    }
}
