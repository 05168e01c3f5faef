using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryOperator.Simulation;

/// <summary>Prints a <see cref="SimulationReport"/> as a table for people, or as JSON / YAML for pipelines.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Render(SimulationReport report, string format) => format switch
    {
        "json" => JsonSerializer.Serialize(report, Json) + "\n",
        "yaml" => ToYaml(JsonSerializer.SerializeToNode(report, Json)!),
        _ => Table(report),
    };

    public static string Table(SimulationReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Rollout {report.Namespace}/{report.Rollout}: {report.Update}\n\n");
        var header = new[] { "TIME", "STEP", "WEIGHTS (route: destination=weight)", "SUBSETS", "STABLE (avail/desired)", "CANARY", "PHASE", "MESSAGE" };
        var lines = new List<string[]> { header };
        var events = new List<(int Line, IReadOnlyList<string> Events, string? Gesture)>();
        foreach (var row in report.Timeline)
        {
            lines.Add(
            [
                $"+{row.Time:0}s",
                row.StepIndex is { } i ? $"{i}/{row.StepCount} {row.Step}" : row.Step,
                string.Join("; ", row.Routes.Select(r => $"{r.Route}: {string.Join(" ", r.Destinations.Select(d => $"{d.Destination}={d.Weight}"))}")),
                string.Join(" ", row.Subsets.Select(s => $"{s.Key}={(s.Value.Length == 0 ? "-" : s.Value)}")),
                row.Stable is { } st ? $"{st.Available}/{st.Desired}" : "-",
                row.Canary is { } c ? $"{c.Available}/{c.Desired}" : "-",
                row.Phase,
                row.Message,
            ]);
            events.Add((lines.Count - 1, row.Events, row.Gesture));
        }

        var widths = Enumerable.Range(0, header.Length - 1).Select(col => lines.Max(l => l[col].Length)).ToArray();
        for (var n = 0; n < lines.Count; n++)
        {
            var l = lines[n];
            sb.Append(string.Join("  ", l.Take(widths.Length).Select((cell, col) => cell.PadRight(widths[col])))).Append("  ").Append(l[^1].TrimEnd()).Append('\n');
            var extra = events.FirstOrDefault(e => e.Line == n);
            if (extra.Gesture is { } g)
            {
                sb.Append("      > ").Append(g).Append('\n');
            }

            foreach (var e in extra.Events ?? [])
            {
                sb.Append("      event ").Append(e).Append('\n');
            }
        }

        var s = report.Summary;
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Outcome: {s.Outcome} after {s.DurationSeconds:0}s of virtual time\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"Pods: {s.PodSeconds:0} pod-seconds, against {s.BlueGreenPodSeconds:0} for 200 % of the pods over the same time ({Percent(s.PodSeconds, s.BlueGreenPodSeconds)})\n");
        sb.Append(CultureInfo.InvariantCulture, $"API: {s.ApiWrites} writes in {s.ApiRequests} requests by the operator");
        if (s.ApiWritesByResource.Count > 0)
        {
            sb.Append(" (").Append(string.Join(", ", s.ApiWritesByResource.Select(kv => $"{kv.Key} {kv.Value}"))).Append(')');
        }

        sb.Append('\n');
        foreach (var note in report.Notes)
        {
            sb.Append("Note: ").Append(note).Append('\n');
        }

        return sb.ToString();
    }

    private static string Percent(double part, double whole) =>
        whole <= 0 ? "n/a" : (part / whole).ToString("0%", CultureInfo.InvariantCulture);

    /// <summary>A small YAML emitter for JSON trees (block style; strings quoted when YAML would read them otherwise).</summary>
    public static string ToYaml(JsonNode node)
    {
        var sb = new StringBuilder();
        Emit(sb, node, 0, inSequence: false);
        return sb.ToString();
    }

    private static void Emit(StringBuilder sb, JsonNode? node, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject obj when obj.Count == 0:
                sb.Append(" {}\n");
                break;
            case JsonObject obj:
                var first = true;
                if (!inSequence)
                {
                    sb.Append('\n');
                }

                foreach (var (key, value) in obj)
                {
                    sb.Append(first && inSequence ? "" : pad).Append(Scalar(key)).Append(':');
                    first = false;
                    EmitValue(sb, value, indent + 2);
                }

                break;
            case JsonArray arr when arr.Count == 0:
                sb.Append(" []\n");
                break;
            case JsonArray arr:
                sb.Append('\n');
                foreach (var item in arr)
                {
                    sb.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 })
                    {
                        Emit(sb, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        sb.Append(ScalarOf(item).TrimStart()).Append('\n');
                    }
                }

                break;
            default:
                sb.Append(' ').Append(ScalarOf(node)).Append('\n');
                break;
        }
    }

    private static void EmitValue(StringBuilder sb, JsonNode? value, int indent)
    {
        if (value is JsonObject or JsonArray)
        {
            Emit(sb, value, indent, inSequence: false);
        }
        else
        {
            sb.Append(' ').Append(ScalarOf(value)).Append('\n');
        }
    }

    private static string ScalarOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        JsonObject { Count: 0 } => "{}",
        JsonArray { Count: 0 } => "[]",
        _ => node.ToJsonString(),
    };

    private static string Scalar(string s) =>
        s.Length == 0 || s.Any(ch => ":#{}[],&*?|<>=!%@`'\"\\\n".Contains(ch)) || s.Trim() != s
            || s is "null" or "true" or "false" or "~" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? JsonSerializer.Serialize(s)
            : s;
}
