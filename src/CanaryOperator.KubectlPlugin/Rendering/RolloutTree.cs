using System.Globalization;
using System.Text;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Steps;
using k8s.Models;

namespace CanaryOperator.KubectlPlugin.Rendering;

/// <summary>
/// <c>kubectl canary get ROLLOUT</c>: a summary (phase, step i/n and what it is, weights, replicas, pause reason and
/// how to continue) and a tree of the rollout's ReplicaSets by revision with their role and pods ready/available.
/// Pure and time-free (no ages), so the same objects always give the same text.
/// </summary>
public static class RolloutTree
{
    private const int LabelWidth = 16;

    public static string Render(Rollout rollout, IReadOnlyList<V1ReplicaSet> replicaSets)
    {
        var text = new StringBuilder();
        var ns = rollout.Metadata?.NamespaceProperty ?? "default";
        var status = rollout.Status;
        var (phase, message) = DisplayPhase.Of(rollout);

        Line(text, "Name:", rollout.Metadata?.Name);
        Line(text, "Namespace:", ns);
        Line(text, "Revision:", Revision(rollout.Metadata));
        Line(text, "Status:", phase);
        if (message.Length > 0)
        {
            Line(text, "Message:", message);
        }

        Strategy(text, rollout, replicaSets);
        Images(text, rollout, replicaSets);
        text.Append("Replicas:\n");
        Line(text, "  Desired:", Int(rollout.Spec.Replicas ?? 1));
        Line(text, "  Current:", Int(status?.Replicas ?? 0));
        Line(text, "  Updated:", Int(status?.UpdatedReplicas ?? 0));
        Line(text, "  Ready:", Int(status?.ReadyReplicas ?? 0));
        Line(text, "  Available:", Int(status?.AvailableReplicas ?? 0));
        if (status?.PauseConditions is { Count: > 0 } pauses)
        {
            Line(text, "Paused:", string.Join(", ", pauses.Select(p => p.StartTime is { } t ? $"{p.Reason} since {Rfc3339Time.ToText(t)}" : p.Reason)));
        }
        else if (rollout.Spec.Paused == true)
        {
            Line(text, "Paused:", "manually (spec.paused)");
        }

        if (ContinueHint.For(rollout, ns) is { } hint)
        {
            Line(text, "To continue:", hint);
        }

        text.Append('\n');
        Tree(text, rollout, phase, replicaSets);
        return text.ToString();
    }

    /// <summary>stable / canary / old, from the ReplicaSet's pod-template hash against status.stableRS and currentPodHash.</summary>
    public static string Role(Rollout rollout, V1ReplicaSet rs)
    {
        var hash = Hash(rs);
        if (hash is not null && hash == rollout.Status?.StableRS)
        {
            return "stable";
        }

        return hash is not null && hash == rollout.Status?.CurrentPodHash ? "canary" : "old";
    }

    private static void Strategy(StringBuilder text, Rollout rollout, IReadOnlyList<V1ReplicaSet> replicaSets)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (canary is null)
        {
            Line(text, "Strategy:", rollout.Spec.Strategy.BlueGreen is not null ? "BlueGreen (not handled by this operator)" : "(none)");
            return;
        }

        Line(text, "Strategy:", "Canary");
        var steps = canary.Steps;
        if (steps is { Count: > 0 })
        {
            // Argo shows status.currentStepIndex/len(steps): the number of steps done, so 1/8 = at steps[1].
            var index = rollout.Status?.CurrentStepIndex ?? 0;
            Line(text, "  Step:", $"{Int(index)}/{Int(steps.Count)}");
            Line(text, "  Current step:", index >= 0 && index < steps.Count ? $"steps[{Int(index)}] {StepDescription.Of(steps[index])}" : "all steps complete");
        }

        Line(text, "  SetWeight:", Int(CanarySteps.CurrentSetWeight(rollout)));
        if (rollout.Status?.Canary?.Weights is { } weights)
        {
            Line(text, "  Weights:", $"stable {Int(weights.Stable.Weight)}, canary {Int(weights.Canary.Weight)}");
        }
        else
        {
            // Basic canary (no router): the split is the share of available pods (Argo's ActualWeight).
            var available = replicaSets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
            var canaryAvailable = replicaSets.Where(rs => Role(rollout, rs) == "canary").Sum(rs => rs.Status?.AvailableReplicas ?? 0);
            Line(text, "  ActualWeight:", available == 0 ? "0" : Int(canaryAvailable * 100 / available));
        }
    }

    private static void Images(StringBuilder text, Rollout rollout, IReadOnlyList<V1ReplicaSet> replicaSets)
    {
        var images = Ordered(replicaSets)
            .Where(rs => Role(rollout, rs) != "old")
            .SelectMany(rs => (rs.Spec?.Template?.Spec?.Containers ?? []).Select(c => $"{c.Image} ({Role(rollout, rs)})"))
            .Distinct()
            .ToList();
        for (var i = 0; i < images.Count; i++)
        {
            Line(text, i == 0 ? "Images:" : "", images[i]);
        }
    }

    private static void Tree(StringBuilder text, Rollout rollout, string phase, IReadOnlyList<V1ReplicaSet> replicaSets)
    {
        var table = new TextTable();
        table.Add("NAME", "KIND", "INFO", "DESIRED", "READY", "AVAILABLE");
        var replicas = rollout.Spec.Replicas ?? 1;
        table.Add(rollout.Metadata?.Name ?? "", "Rollout", phase, Int(replicas),
            $"{Int(rollout.Status?.ReadyReplicas ?? 0)}/{Int(replicas)}", $"{Int(rollout.Status?.AvailableReplicas ?? 0)}/{Int(replicas)}");
        var groups = Ordered(replicaSets).GroupBy(rs => Revision(rs.Metadata)).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var lastGroup = g == groups.Count - 1;
            table.Add((lastGroup ? "└── " : "├── ") + "revision:" + groups[g].Key);
            var members = groups[g].ToList();
            for (var m = 0; m < members.Count; m++)
            {
                var rs = members[m];
                var desired = rs.Spec?.Replicas ?? 0;
                var prefix = (lastGroup ? "    " : "│   ") + (m == members.Count - 1 ? "└── " : "├── ");
                table.Add(prefix + rs.Metadata?.Name, "ReplicaSet", Role(rollout, rs), Int(desired),
                    $"{Int(rs.Status?.ReadyReplicas ?? 0)}/{Int(desired)}", $"{Int(rs.Status?.AvailableReplicas ?? 0)}/{Int(desired)}");
            }
        }

        table.WriteTo(text);
    }

    // Newest revision first, as Argo's tree lists them.
    private static IEnumerable<V1ReplicaSet> Ordered(IReadOnlyList<V1ReplicaSet> replicaSets) =>
        replicaSets.OrderByDescending(rs => long.TryParse(Revision(rs.Metadata), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : -1)
            .ThenBy(rs => rs.Metadata?.Name, StringComparer.Ordinal);

    private static string? Hash(V1ReplicaSet rs) =>
        rs.Metadata?.Labels is { } labels && labels.TryGetValue(RolloutLabels.PodTemplateHash, out var hash) ? hash : null;

    private static string Revision(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } a && a.TryGetValue(RolloutAnnotations.Revision, out var r) ? r : "?";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string label, string? value) =>
        text.Append((label.PadRight(LabelWidth) + value).TrimEnd()).Append('\n');
}
