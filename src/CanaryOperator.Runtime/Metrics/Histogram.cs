using System.Globalization;
namespace CanaryOperator.Runtime.Metrics;

/// <summary>Observations counted into cumulative buckets (<c>_bucket{le=…}</c>, <c>_sum</c>, <c>_count</c>).</summary>
public sealed class Histogram : MetricFamily<Histogram.Child>
{
    /// <summary>controller-runtime's reconcile-time buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> ReconcileBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
         1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    private readonly double[] _bounds;

    public Histogram(string name, string help, IReadOnlyList<double> buckets, IReadOnlyList<string> labelNames)
        : base(name, help, labelNames)
    {
        if (labelNames.Contains("le"))
        {
            throw new ArgumentException("'le' is reserved in histograms", nameof(labelNames));
        }

        _bounds = [.. buckets.Order()];
    }

    public override MetricType Type => MetricType.Histogram;

    public void Observe(double value) => WithLabels().Observe(value);

    protected override Child CreateChild() => new(_bounds);

    protected override void WriteChild(MetricsTextWriter output, string[] labelValues, Child child)
    {
        var (counts, sum, count) = child.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += counts[i];
            WriteSample(output, Name + "_bucket", labelValues, cumulative, "le", _bounds[i].ToString("R", CultureInfo.InvariantCulture));
        }

        WriteSample(output, Name + "_bucket", labelValues, count, "le", "+Inf");
        WriteSample(output, Name + "_sum", labelValues, sum);
        WriteSample(output, Name + "_count", labelValues, count);
    }

    public sealed class Child
    {
        private readonly Lock _gate = new();
        private readonly double[] _bounds;
        private readonly long[] _counts;
        private double _sum;
        private long _count;

        internal Child(double[] bounds)
        {
            _bounds = bounds;
            _counts = new long[bounds.Length];
        }

        public void Observe(double value)
        {
            lock (_gate)
            {
                var bucket = Array.FindIndex(_bounds, b => value <= b);
                if (bucket >= 0)
                {
                    _counts[bucket]++;
                }

                _sum += value;
                _count++;
            }
        }

        internal (long[] Counts, double Sum, long Count) Snapshot()
        {
            lock (_gate)
            {
                return ([.. _counts], _sum, _count);
            }
        }
    }
}
