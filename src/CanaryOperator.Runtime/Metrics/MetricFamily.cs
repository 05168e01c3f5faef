using System.Collections.Concurrent;
using System.Text;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// One metric name with its help text, type and label names, and one child per distinct set of label values.
/// </summary>
public abstract class MetricFamily<TChild> : IMetricFamily where TChild : class
{
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

    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(TextFormat.EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Type.ToString().ToLowerInvariant()).Append('\n');
        foreach (var (values, child) in _children.Values.OrderBy(c => Key(c.Values), StringComparer.Ordinal))
        {
            WriteChild(output, values, child);
        }
    }

    protected abstract TChild CreateChild();

    protected abstract void WriteChild(StringBuilder output, string[] labelValues, TChild child);

    protected void WriteSample(StringBuilder output, string name, string[] labelValues, double value, string? extraLabel = null, string? extraValue = null)
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

        output.Append(' ').Append(TextFormat.FormatValue(value)).Append('\n');
    }

    private static string Key(string[] values) => string.Join('\u0001', values);
}
