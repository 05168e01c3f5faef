using System.Globalization;
using CanaryOperator.Cli;

namespace CanaryOperator.Simulation;

/// <summary>One HPA decision of a load profile: at this virtual time after the update starts, this many replicas.</summary>
public sealed record HpaDecision(TimeSpan At, int Replicas);

/// <summary>
/// <c>--hpa-profile 0s=2,20s=6,60s=3</c>: the replica counts a HorizontalPodAutoscaler decides over virtual time. The
/// simulator writes each through the Rollout's <c>/scale</c> subresource, as the HPA controller does; the emulator's
/// HPA loop is not used because it derives counts from a CPU figure, where a profile states the outcome directly.
/// </summary>
public static class HpaProfile
{
    public static IReadOnlyList<HpaDecision> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decisions = new List<HpaDecision>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(entry[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var replicas))
            {
                throw new FormatException($"--hpa-profile '{entry}': expected time=replicas, e.g. 0s=2,20s=6,60s=3");
            }

            var at = GoDuration.Parse(entry[..eq], "--hpa-profile");
            if (decisions.Count > 0 && at <= decisions[^1].At)
            {
                throw new FormatException($"--hpa-profile '{entry}': times must increase");
            }

            decisions.Add(new HpaDecision(at, replicas));
        }

        return decisions.Count == 0 ? throw new FormatException("--hpa-profile: expected at least one time=replicas") : decisions;
    }
}
