using System.Text;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>What the registry needs from any metric family to render it.</summary>
public interface IMetricFamily
{
    string Name { get; }

    MetricType Type { get; }

    void WriteTo(StringBuilder output);
}
