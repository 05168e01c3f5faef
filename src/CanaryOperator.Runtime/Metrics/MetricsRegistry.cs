using System.Text;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// Holds metric families and renders them in the Prometheus text format. The operator streams
/// <see cref="WriteToAsync"/> on <c>/metrics</c> with <see cref="TextFormat.ContentType"/>.
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

    /// <summary>
    /// Streams every family to <paramref name="destination"/> in blocks of about
    /// <see cref="MetricsTextWriter.FlushThreshold"/> bytes (what <c>/metrics</c> serves).
    /// </summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
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

        using var output = new MetricsTextWriter(destination);
        foreach (var family in families)
        {
            await family.WriteToAsync(output, cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole exposition as one string: for tests and tools, not for serving (see <see cref="WriteToAsync"/>).</summary>
    public string Render()
    {
        using var text = new MemoryStream();

        // A MemoryStream completes every write synchronously, so this never blocks on I/O.
        WriteToAsync(text, CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
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
