using System.Globalization;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>p50, p99 and max of a sample (nearest rank), formatted in milliseconds.</summary>
internal static class Percentiles
{
    public static string Describe(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no sample";
        }

        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {Rank(0.50):F1} ms, p99 {Rank(0.99):F1} ms, max {sorted[^1]:F1} ms (n = {sorted.Length})");
    }
}
