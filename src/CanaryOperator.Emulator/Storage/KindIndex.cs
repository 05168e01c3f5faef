using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// The stored objects of one kind, keyed <c>namespace/name</c> in ordinal order, with a second index per namespace.
/// Why two: a namespaced LIST (the operator's pod LIST, an eviction reading budgets, the ReplicaSet simulator counting
/// pods) must not visit every object of the kind — at 10,000 namespaces that scan was a fifth of the emulator's CPU.
/// Both indexes hold the same instances; the owner (<see cref="ObjectStore"/>) serializes all access under its lock.
/// </summary>
internal sealed class KindIndex
{
    private static readonly SortedDictionary<string, JsonObject> Empty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Every object of the kind, ordered by <c>namespace/name</c> (cluster-scoped ones are <c>/name</c>).</summary>
    public SortedDictionary<string, JsonObject> All { get; } = new(StringComparer.Ordinal);

    public bool ContainsKey(string key) => All.ContainsKey(key);

    public bool TryGetValue(string key, out JsonObject value) => All.TryGetValue(key, out value!);

    public void Set(string key, JsonObject obj)
    {
        All[key] = obj;
        var ns = NamespaceOf(key);
        if (!_byNamespace.TryGetValue(ns, out var inNamespace))
        {
            inNamespace = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _byNamespace[ns] = inNamespace;
        }

        inNamespace[key] = obj;
    }

    public bool Remove(string key)
    {
        if (!All.Remove(key))
        {
            return false;
        }

        var ns = NamespaceOf(key);
        if (_byNamespace.TryGetValue(ns, out var inNamespace) && inNamespace.Remove(key) && inNamespace.Count == 0)
        {
            _byNamespace.Remove(ns);
        }

        return true;
    }

    /// <summary>The objects of one namespace (all of them when <paramref name="ns"/> is null), in key order.</summary>
    public SortedDictionary<string, JsonObject> InNamespace(string? ns) =>
        ns is null ? All : _byNamespace.GetValueOrDefault(ns) ?? Empty;

    // A name never contains '/', so the namespace is everything before the first one.
    private static string NamespaceOf(string key) => key[..key.IndexOf('/', StringComparison.Ordinal)];
}
