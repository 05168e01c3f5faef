using CanaryOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>
/// The informers of one kind: a single cluster-wide informer, or one per watched namespace (<c>--namespace</c>,
/// repeatable). Lookups go to the informer that covers the namespace; objects in unwatched namespaces are "not found".
/// </summary>
public sealed class InformerSet<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, Informer<T>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Informer<T>? _clusterWide;

    public InformerSet(IReadOnlyList<string> namespaces, Func<string?, Informer<T>> create)
    {
        if (namespaces.Count == 0)
        {
            _clusterWide = create(null);
        }
        else
        {
            foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
            {
                _byNamespace[ns] = create(ns);
            }
        }
    }

    public IEnumerable<Informer<T>> All => _clusterWide is not null ? [_clusterWide] : _byNamespace.Values;

    public void AddIndex(string name, IndexFunc<T> index)
    {
        foreach (var informer in All)
        {
            informer.Store.AddIndex(name, index);
        }
    }

    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        foreach (var informer in All)
        {
            informer.AddEventHandler(handler);
        }
    }

    public T? Get(string ns, string name) => For(ns)?.Store.Get(ns, name);

    /// <summary>Objects filed under <paramref name="value"/> (an index value starting with <c>namespace/</c>).</summary>
    public IReadOnlyList<T> ByIndex(string ns, string indexName, string value) => For(ns)?.Store.ByIndex(indexName, value) ?? [];

    public IReadOnlyList<string> KeysByIndex(string ns, string indexName, string value) => For(ns)?.Store.KeysByIndex(indexName, value) ?? [];

    /// <summary>Keys filed under <paramref name="value"/> in every informer (a VirtualService may be referenced from another namespace).</summary>
    public IReadOnlyList<string> KeysByIndexEverywhere(string indexName, string value) =>
        [.. All.SelectMany(i => i.Store.KeysByIndex(indexName, value)).Distinct(StringComparer.Ordinal)];

    private Informer<T>? For(string ns) => _clusterWide ?? _byNamespace.GetValueOrDefault(ns);
}
