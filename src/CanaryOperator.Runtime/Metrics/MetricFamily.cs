using System.Buffers;
using System.Collections.Concurrent;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// One metric name with its help text, type and label names, and one child per distinct set of label values.
/// </summary>
public abstract class MetricFamily<TChild> : IMetricFamily where TChild : class
{
    private static readonly Comparer<KeyValuePair<string, (string[] Values, TChild Child)>> EntryOrder = Comparer<KeyValuePair<string, (string[] Values, TChild Child)>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    private readonly ConcurrentDictionary<string, (string[] Values, TChild Child)> _children = new(StringComparer.Ordinal);

    protected MetricFamily(string name, string help, IReadOnlyList<string> labelNames)
    {
        MetricNames.Validate(name);
        foreach (var label in labelNames)
        {
            MetricNames.Validate(label);
        }

        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    public abstract MetricType Type { get; }

    /// <summary>The child for these label values (in <see cref="LabelNames"/> order), created on first use.</summary>
    public TChild WithLabels(params string[] labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} has {LabelNames.Count} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        return _children.GetOrAdd(Key(labelValues), _ => ((string[])labelValues.Clone(), CreateChild())).Child;
    }

    /// <summary>Drops the series with these label values (e.g. the gauges of a deleted Rollout).</summary>
    public bool RemoveLabels(params string[] labelValues) => _children.TryRemove(Key(labelValues), out _);

    public async ValueTask WriteToAsync(MetricsTextWriter output, CancellationToken cancellationToken)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(TextFormat.EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Type.ToString().ToLowerInvariant()).Append('\n');

        // Series in label order, as before; the snapshot to sort lives in a pooled array because at 10,000 Rollouts
        // a fresh one per scrape would be a large object.
        var entries = ArrayPool<KeyValuePair<string, (string[] Values, TChild Child)>>.Shared.Rent(Math.Max(16, _children.Count));
        var count = 0;
        try
        {
            foreach (var entry in _children)
            {
                if (count == entries.Length)
                {
                    var larger = ArrayPool<KeyValuePair<string, (string[] Values, TChild Child)>>.Shared.Rent(2 * entries.Length);
                    entries.AsSpan().CopyTo(larger);
                    ArrayPool<KeyValuePair<string, (string[] Values, TChild Child)>>.Shared.Return(entries, clearArray: true);
                    entries = larger;
                }

                entries[count++] = entry;
            }

            Array.Sort(entries, 0, count, EntryOrder);
            for (var i = 0; i < count; i++)
            {
                WriteChild(output, entries[i].Value.Values, entries[i].Value.Child);
                if (output.ShouldFlush)
                {
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<KeyValuePair<string, (string[] Values, TChild Child)>>.Shared.Return(entries, clearArray: true);
        }
    }

    protected abstract TChild CreateChild();

    protected abstract void WriteChild(MetricsTextWriter output, string[] labelValues, TChild child);

    protected void WriteSample(MetricsTextWriter output, string name, string[] labelValues, double value, string? extraLabel = null, string? extraValue = null)
    {
        output.Append(name);
        if (labelValues.Length > 0 || extraLabel is not null)
        {
            output.Append('{');
            for (var i = 0; i < labelValues.Length; i++)
            {
                if (i > 0)
                {
                    output.Append(',');
                }

                output.Append(LabelNames[i]).Append("=\"").Append(TextFormat.EscapeLabelValue(labelValues[i])).Append('"');
            }

            if (extraLabel is not null)
            {
                if (labelValues.Length > 0)
                {
                    output.Append(',');
                }

                output.Append(extraLabel).Append("=\"").Append(extraValue).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').AppendValue(value).Append('\n');
    }

    private static string Key(string[] values) => string.Join('\u0001', values);
}
