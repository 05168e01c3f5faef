namespace CanaryOperator.Runtime.Metrics;

/// <summary>A value that goes up and down (queue depth, leader status, a Rollout's canary weight).</summary>
public sealed class Gauge(string name, string help, IReadOnlyList<string> labelNames)
    : MetricFamily<Gauge.Child>(name, help, labelNames)
{
    public override MetricType Type => MetricType.Gauge;

    /// <summary>Sets the unlabelled series.</summary>
    public void Set(double value) => WithLabels().Set(value);

    protected override Child CreateChild() => new();

    protected override void WriteChild(MetricsTextWriter output, string[] labelValues, Child child) =>
        WriteSample(output, Name, labelValues, child.Value);

    public sealed class Child
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Set(double value) => Volatile.Write(ref _value, value);
    }
}
