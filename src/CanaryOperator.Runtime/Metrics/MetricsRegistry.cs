using System.Text;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// Holds metric families and renders them in the Prometheus text format. The operator serves
/// <see cref="Render"/> on <c>/metrics</c> with <see cref="TextFormat.ContentType"/>.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly Lock _gate = new();
    private readonly List<IMetricFamily> _families = [];
    private readonly List<Action> _beforeCollect = [];

    public Counter Counter(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, IReadOnlyList<double> buckets, params string[] labelNames) =>
        GetOrAdd(name, () => new Histogram(name, help, buckets, labelNames));

    /// <summary>Runs <paramref name="callback"/> before every render, to sample values owned elsewhere (queue depth).</summary>
    public void BeforeCollect(Action callback)
    {
        lock (_gate)
        {
            _beforeCollect.Add(callback);
        }
    }

    public string Render()
    {
        IMetricFamily[] families;
        Action[] callbacks;
        lock (_gate)
        {
            families = [.. _families];
            callbacks = [.. _beforeCollect];
        }

        foreach (var callback in callbacks)
        {
            callback();
        }

        var output = new StringBuilder();
        foreach (var family in families)
        {
            family.WriteTo(output);
        }

        return output.ToString();
    }

    // Asking twice for one name returns the same family, so independent components can share a metric
    // (several queues feeding workqueue_depth{name}); a different type under one name is a bug.
    private TFamily GetOrAdd<TFamily>(string name, Func<TFamily> create) where TFamily : class, IMetricFamily
    {
        lock (_gate)
        {
            var existing = _families.Find(f => f.Name == name);
            if (existing is not null)
            {
                return existing as TFamily
                    ?? throw new InvalidOperationException($"metric '{name}' is already registered as {existing.Type}");
            }

            var family = create();
            _families.Add(family);
            return family;
        }
    }
}
