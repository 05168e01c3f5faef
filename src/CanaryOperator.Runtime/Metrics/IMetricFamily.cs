namespace CanaryOperator.Runtime.Metrics;

/// <summary>What the registry needs from any metric family to render it.</summary>
public interface IMetricFamily
{
    string Name { get; }

    MetricType Type { get; }

    /// <summary>Writes the family's series, flushing <paramref name="output"/> whenever it asks to.</summary>
    ValueTask WriteToAsync(MetricsTextWriter output, CancellationToken cancellationToken);
}
