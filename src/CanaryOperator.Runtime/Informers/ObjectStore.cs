using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// The informer's in-memory cache: each object held once, keyed by <see cref="ObjectKey"/>, plus named indexes that
/// map an index value to the keys filed under it. Safe for concurrent readers (workers) and the one writer
/// (the informer). Objects handed out are the cached instances: treat them as read-only.
/// </summary>
public sealed class ObjectStore<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexFunc<T>> _indexFuncs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds a named index; objects already cached are indexed at once.</summary>
    public void AddIndex(string name, IndexFunc<T> indexFunc)
    {
        lock (_gate)
        {
            if (!_indexFuncs.TryAdd(name, indexFunc))
            {
                throw new InvalidOperationException($"index '{name}' already exists");
            }

            var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            _indexes[name] = index;
            foreach (var (key, obj) in _items)
            {
                AddToIndex(index, indexFunc, key, obj);
            }
        }
    }

    public T? Get(string key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? @namespace, string name) => Get(ObjectKey.For(@namespace, name));

    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _items.Values];
        }
    }

    public IReadOnlyList<string> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>The objects filed under <paramref name="value"/> in index <paramref name="indexName"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            return !IndexOf(indexName).TryGetValue(value, out var keys) ? [] : [.. keys.Select(k => _items[k])];
        }
    }

    public IReadOnlyList<string> KeysByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            return !IndexOf(indexName).TryGetValue(value, out var keys) ? [] : [.. keys];
        }
    }

    /// <summary>Inserts or replaces an object; returns what changed.</summary>
    public StoreChange<T> Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_gate)
        {
            return UpsertLocked(key, obj);
        }
    }

    /// <summary>Removes the object with <paramref name="key"/>; returns the cached object, or null if there was none.</summary>
    public T? Delete(string key)
    {
        lock (_gate)
        {
            return DeleteLocked(key);
        }
    }

    /// <summary>
    /// Replaces the whole content with a fresh LIST and returns the difference as synthesized events: ADDED for new
    /// keys, MODIFIED where the resourceVersion changed, DELETED for keys that disappeared. Used on every (re)list so
    /// that nothing that happened while the watch was down is missed.
    /// </summary>
    public IReadOnlyList<StoreChange<T>> Replace(IEnumerable<T> objects)
    {
        var changes = new List<StoreChange<T>>();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in objects)
            {
                var key = ObjectKey.Of(obj);
                seen.Add(key);
                if (_items.TryGetValue(key, out var old) && SameVersion(old, obj))
                {
                    continue;
                }

                changes.Add(UpsertLocked(key, obj));
            }

            foreach (var gone in _items.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                var old = DeleteLocked(gone)!;
                changes.Add(new StoreChange<T>(WatchEventType.Deleted, old, old));
            }
        }

        return changes;
    }

    private static bool SameVersion(T a, T b) =>
        a.Metadata?.ResourceVersion is { Length: > 0 } rv && rv == b.Metadata?.ResourceVersion;

    private StoreChange<T> UpsertLocked(string key, T obj)
    {
        _items.TryGetValue(key, out var old);
        if (old is not null)
        {
            RemoveFromIndexes(key, old);
        }

        _items[key] = obj;
        foreach (var (name, func) in _indexFuncs)
        {
            AddToIndex(_indexes[name], func, key, obj);
        }

        return new StoreChange<T>(old is null ? WatchEventType.Added : WatchEventType.Modified, old, obj);
    }

    private T? DeleteLocked(string key)
    {
        if (!_items.Remove(key, out var old))
        {
            return null;
        }

        RemoveFromIndexes(key, old);
        return old;
    }

    private Dictionary<string, HashSet<string>> IndexOf(string indexName) =>
        _indexes.TryGetValue(indexName, out var index)
            ? index
            : throw new KeyNotFoundException($"index '{indexName}' does not exist");

    private static void AddToIndex(Dictionary<string, HashSet<string>> index, IndexFunc<T> func, string key, T obj)
    {
        foreach (var value in func(obj))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                index[value] = keys;
            }

            keys.Add(key);
        }
    }

    private void RemoveFromIndexes(string key, T obj)
    {
        foreach (var (name, func) in _indexFuncs)
        {
            var index = _indexes[name];
            foreach (var value in func(obj))
            {
                // Empty buckets are dropped so short-lived index values (owner UIDs) do not pile up.
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }
}
