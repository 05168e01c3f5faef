namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// One shared instance per distinct string (and per distinct label map) across the informer caches. A JSON decode
/// gives every cached object its own copy of texts that are the same in thousands of objects — label keys and
/// values, images, apiVersion/kind, owner names, condition reasons — which were ~7 KB of the ~24 KB a Rollout's
/// objects cost in the cache (docs/benchmarks.md, "Profiling (issue 8)").
/// </summary>
/// <remarks>
/// Unlike <see cref="string.Intern"/> the pool can be let go: once it holds <see cref="Capacity"/> entries it starts
/// afresh, so texts that came and went (old pod-template hashes, deleted objects' names) are not kept forever.
/// Strings already shared stay shared; later copies just share with a newer instance. Shared label maps must never
/// be mutated — cached objects are read-only (see <see cref="ObjectStore{T}"/>) and every writer copies first.
/// </remarks>
public sealed class StringPool(int capacity = StringPool.DefaultCapacity)
{
    public const int DefaultCapacity = 200_000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<IDictionary<string, string>> _maps = new(SameEntries.Instance);

    public int Capacity { get; } = capacity;

    /// <summary>The pooled instance equal to <paramref name="text"/> (null and "" come back as they are).</summary>
    public string? Intern(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        lock (_gate)
        {
            return InternLocked(text);
        }
    }

    /// <summary>
    /// A shared, read-only-by-contract map with the same entries as <paramref name="map"/> (keys and values pooled);
    /// null for null. Equal maps in different objects (a ReplicaSet's labels, its selector and its template's
    /// labels; the same labels in many namespaces) become one instance.
    /// </summary>
    public IDictionary<string, string>? Share(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (_maps.TryGetValue(map, out var shared))
            {
                return shared;
            }

            if (_maps.Count >= Capacity)
            {
                _maps.Clear();
            }

            var copy = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
            foreach (var (key, value) in map)
            {
                copy[InternLocked(key)] = string.IsNullOrEmpty(value) ? value : InternLocked(value);
            }

            _maps.Add(copy);
            return copy;
        }
    }

    /// <summary>Pools every item of a string list in place (container args, finalizers).</summary>
    public void InternAll(IList<string>? items)
    {
        if (items is null || items.IsReadOnly)
        {
            return;
        }

        lock (_gate)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (!string.IsNullOrEmpty(items[i]))
                {
                    items[i] = InternLocked(items[i]);
                }
            }
        }
    }

    private string InternLocked(string text)
    {
        if (_strings.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        if (_strings.Count >= Capacity)
        {
            _strings.Clear();
        }

        _strings.Add(text);
        return text;
    }

    /// <summary>Maps are equal when they hold the same entries, in any order.</summary>
    private sealed class SameEntries : IEqualityComparer<IDictionary<string, string>>
    {
        public static readonly SameEntries Instance = new();

        public bool Equals(IDictionary<string, string>? x, IDictionary<string, string>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Count != y.Count)
            {
                return false;
            }

            foreach (var (key, value) in x)
            {
                if (!y.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        // Order-independent: a sum of per-entry hashes.
        public int GetHashCode(IDictionary<string, string> map)
        {
            var hash = map.Count;
            foreach (var (key, value) in map)
            {
                hash = unchecked(hash + HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value is null ? 0 : StringComparer.Ordinal.GetHashCode(value)));
            }

            return hash;
        }
    }
}
