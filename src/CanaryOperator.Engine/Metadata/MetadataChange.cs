namespace CanaryOperator.Engine.Metadata;

/// <summary>
/// Labels and annotations to set (a value) or remove (null) on one object's metadata — a pod template's or a pod's.
/// Keys are in ordinal order so equal changes print and compare alike.
/// </summary>
public sealed record MetadataChange(IReadOnlyDictionary<string, string?> Labels, IReadOnlyDictionary<string, string?> Annotations)
{
    public static readonly MetadataChange None = new(new SortedDictionary<string, string?>(StringComparer.Ordinal), new SortedDictionary<string, string?>(StringComparer.Ordinal));

    public bool IsEmpty => Labels.Count == 0 && Annotations.Count == 0;

    /// <summary>A readable form (records print dictionaries by type name only): <c>labels{a=1,b-} annotations{}</c>.</summary>
    public override string ToString() => $"labels{{{Describe(Labels)}}} annotations{{{Describe(Annotations)}}}";

    private static string Describe(IReadOnlyDictionary<string, string?> entries) =>
        string.Join(",", entries.Select(e => e.Value is null ? $"{e.Key}-" : $"{e.Key}={e.Value}"));
}
