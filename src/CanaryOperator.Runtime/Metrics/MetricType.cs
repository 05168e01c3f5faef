namespace CanaryOperator.Runtime.Metrics;

public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
