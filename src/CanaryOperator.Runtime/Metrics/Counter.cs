namespace CanaryOperator.Runtime.Metrics;

/// <summary>A monotonically increasing count.</summary>
public sealed class Counter(string name, string help, IReadOnlyList<string> labelNames)
    : MetricFamily<Counter.Child>(name, help, labelNames)
{
    public override MetricType Type => MetricType.Counter;

    /// <summary>Increments the unlabelled series.</summary>
    public void Inc(double amount = 1) => WithLabels().Inc(amount);

    protected override Child CreateChild() => new();

    protected override void WriteChild(MetricsTextWriter output, string[] labelValues, Child child) =>
        WriteSample(output, Name, labelValues, child.Value);

    public sealed class Child
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Inc(double amount = 1)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(amount);
            InterlockedAdd(ref _value, amount);
        }

        private static void InterlockedAdd(ref double target, double amount)
        {
            double seen, updated;
            do
            {
                seen = Volatile.Read(ref target);
                updated = seen + amount;
            }
            while (Interlocked.CompareExchange(ref target, updated, seen) != seen);
        }
    }
}
