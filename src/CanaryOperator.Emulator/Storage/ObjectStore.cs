using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// The cluster state: every object as a <see cref="JsonObject"/>, one global resourceVersion counter,
/// a bounded event log for watches (older entries are "compacted"), finalizers and owner-reference garbage collection.
/// All methods are atomic under one lock.
/// </summary>
/// <remarks>
/// A stored object is never changed after it is committed: every write stores a new instance. That lets the event log,
/// the watchers, the <see cref="Changed"/> subscribers and the emulator's own readers (the <c>*Shared</c> methods) use
/// the stored instance itself instead of a copy — they must only read it. Copying each object four to seven times per
/// write (for the change function, the event's old and new object, the answer and each watcher) made the emulator
/// allocate ~110 KB per write and spend ~15 % of a reaction batch in GC pauses. The public methods that hand an object
/// to a caller who may change it (<see cref="Get"/>, <see cref="List"/>, <see cref="ListPage"/>, <see cref="Snapshot"/>,
/// <see cref="Create"/>, <see cref="Update"/>, <see cref="Delete"/>) still return copies.
/// </remarks>
public sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KindIndex> _objects = new(StringComparer.Ordinal);
    private readonly Queue<StoredEvent> _log = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _logCapacity;
    private readonly TimeProvider _clock;
    private long _rv;
    private long _compactedRv;
    private long _gcSweeps;

    public ObjectStore(TimeProvider clock, int logCapacity = 10_000, long initialResourceVersion = 1000)
    {
        _clock = clock;
        _logCapacity = Math.Max(1, logCapacity);
        _rv = initialResourceVersion;
        _compactedRv = initialResourceVersion;
    }

    /// <summary>Whether deleting an owner removes its dependents (ownerReferences), as the kube-controller-manager GC does.</summary>
    public bool GarbageCollection { get; set; } = true;

    /// <summary>Raised (outside the lock) after every committed change.</summary>
    public event Action<StoredEvent>? Changed;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _rv;
            }
        }
    }

    /// <summary>Watches from a resourceVersion older than this get 410 Expired.</summary>
    public long CompactedResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _compactedRv;
            }
        }
    }

    public static string Key(string? ns, string name) => (ns ?? string.Empty) + "/" + name;

    public JsonObject? Get(string storageKey, string? ns, string name) =>
        GetShared(storageKey, ns, name)?.DeepClone() as JsonObject;

    /// <summary>The stored instance of an object (never changed after its commit; the caller must only read it).</summary>
    internal JsonObject? GetShared(string storageKey, string? ns, string name)
    {
        lock (_gate)
        {
            return Bucket(storageKey).TryGetValue(Key(ns, name), out var o) ? o : null;
        }
    }

    /// <summary>Whether an object exists, without copying it.</summary>
    public bool Exists(string storageKey, string? ns, string name)
    {
        lock (_gate)
        {
            return Bucket(storageKey).ContainsKey(Key(ns, name));
        }
    }

    /// <summary>Objects of a kind (optionally one namespace), sorted by namespace/name, with the list resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(string storageKey, string? ns)
    {
        var page = ListPage(storageKey, ns, null, null, null);
        return (page.Items, page.ResourceVersion);
    }

    /// <summary>
    /// One page of a LIST: the objects of a kind (optionally one namespace) that <paramref name="match"/> accepts, in
    /// namespace/name order, after the key <paramref name="afterKey"/>, at most <paramref name="limit"/> of them.
    /// Only the returned objects are copied: the selector reads the stored ones under the lock. Copying every object of
    /// the kind for each 500-item page made a paged LIST of 10,000 objects cost 20 full copies of the kind.
    /// </summary>
    public ListPage ListPage(string storageKey, string? ns, Func<JsonObject, bool>? match, string? afterKey, int? limit)
    {
        var page = ListPageShared(storageKey, ns, match, afterKey, limit);
        return page with { Items = [.. page.Items.Select(o => (JsonObject)o.DeepClone())] };
    }

    /// <summary>
    /// <see cref="ListPage"/> with the stored instances (the caller must only read them): the API serializes them
    /// outside the lock, the simulators only read them.
    /// </summary>
    internal ListPage ListPageShared(string storageKey, string? ns, Func<JsonObject, bool>? match, string? afterKey, int? limit)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            string? lastKey = null;
            var remaining = 0;
            foreach (var (key, obj) in Bucket(storageKey).InNamespace(ns))
            {
                if (afterKey is not null && string.CompareOrdinal(key, afterKey) <= 0)
                {
                    continue;
                }

                if (match is not null && !match(obj))
                {
                    continue;
                }

                if (limit is { } max && items.Count >= max)
                {
                    remaining++;
                    continue;
                }

                items.Add(obj);
                lastKey = key;
            }

            return new ListPage(items, _rv, remaining > 0 ? lastKey : null, remaining);
        }
    }

    /// <summary>All objects of all kinds (copies) — for tests.</summary>
    public List<(string StorageKey, JsonObject Object)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _objects.SelectMany(b => b.Value.All.Values.Select(o => (b.Key, (JsonObject)o.DeepClone())))];
        }
    }

    /// <summary>
    /// Stores a new object (the store takes the instance: the caller must not change it afterwards); fills uid,
    /// creationTimestamp, resourceVersion and returns a copy. Throws <see cref="InvalidOperationException"/> if it exists.
    /// </summary>
    public JsonObject Create(string storageKey, JsonObject obj) => (JsonObject)CreateShared(storageKey, obj).DeepClone();

    /// <summary><see cref="Create"/> returning the stored instance (the caller must only read it).</summary>
    internal JsonObject CreateShared(string storageKey, JsonObject obj)
    {
        StoredEvent e;
        lock (_gate)
        {
            var key = Key(Obj.Namespace(obj), Obj.Name(obj)!);
            var bucket = Bucket(storageKey);
            if (bucket.ContainsKey(key))
            {
                throw new InvalidOperationException("exists");
            }

            var meta = Obj.Metadata(obj);
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Obj.Now(_clock);
            meta["resourceVersion"] = Next();
            bucket.Set(key, obj);
            e = Append(storageKey, "ADDED", obj, null);
        }

        Changed?.Invoke(e);
        return obj;
    }

    /// <summary>
    /// Atomically replaces an object: <paramref name="change"/> gets a copy of the current object (null if absent)
    /// and returns the desired one. An unchanged result is a no-op (same resourceVersion, no event). If the result has a
    /// deletionTimestamp and no finalizers left, the object is removed.
    /// </summary>
    public JsonObject Update(string storageKey, string? ns, string name, Func<JsonObject, JsonObject> change) =>
        (JsonObject)UpdateUnderLock(storageKey, ns, name, current => change((JsonObject)current.DeepClone())).DeepClone();

    /// <summary>
    /// <see cref="Update"/> without copies and with the work outside the lock: <paramref name="derive"/> gets the stored
    /// instance, must not change it, and returns either that same instance (no change) or a new object; the result is the
    /// stored instance after the call (the caller must only read it). The API's write path builds its new object anyway
    /// (patch, PUT body), so the copy <see cref="Update"/> makes for its change function would be thrown away.
    /// </summary>
    /// <remarks>
    /// Compare and swap: <paramref name="derive"/> and the no-change check run outside the store's lock, and the result is
    /// committed only if the instance it was derived from is still the stored one — a stored object never changes, so the
    /// same instance means no write came in between; otherwise it is derived again from the newer one. So
    /// <paramref name="derive"/> may run more than once and must have no effect but its result. Patching, validating and
    /// comparing under the lock made every request of every kind wait behind them.
    /// </remarks>
    internal JsonObject UpdateShared(string storageKey, string? ns, string name, Func<JsonObject, JsonObject> derive)
    {
        var key = Key(ns, name);
        while (true)
        {
            JsonObject current;
            lock (_gate)
            {
                if (!Bucket(storageKey).TryGetValue(key, out current!))
                {
                    throw new KeyNotFoundException(key);
                }
            }

            var desired = derive(current);
            if (ReferenceEquals(desired, current))
            {
                return current;
            }

            Obj.Metadata(desired)["resourceVersion"] = Obj.ResourceVersion(current);
            if (JsonNode.DeepEquals(current, desired))
            {
                return current;
            }

            var events = new List<StoredEvent>();
            JsonObject result;
            lock (_gate)
            {
                if (!Bucket(storageKey).TryGetValue(key, out var stored))
                {
                    throw new KeyNotFoundException(key);
                }

                if (!ReferenceEquals(stored, current))
                {
                    continue;
                }

                result = Commit(storageKey, key, current, desired, events, knownChanged: true);
                if (events.Exists(MayChangeWhatIsGarbage))
                {
                    CollectGarbage(events);
                }
            }

            Raise(events);
            return result;
        }
    }

    // The change function runs under the lock, once: public callers may rely on that.
    private JsonObject UpdateUnderLock(string storageKey, string? ns, string name, Func<JsonObject, JsonObject> derive)
    {
        var events = new List<StoredEvent>();
        JsonObject result;
        lock (_gate)
        {
            var key = Key(ns, name);
            var bucket = Bucket(storageKey);
            if (!bucket.TryGetValue(key, out var current))
            {
                throw new KeyNotFoundException(key);
            }

            var desired = derive(current);
            result = Commit(storageKey, key, current, desired, events);
            if (events.Exists(MayChangeWhatIsGarbage))
            {
                CollectGarbage(events);
            }
        }

        Raise(events);
        return result;
    }

    /// <summary>
    /// Deletes an object: with finalizers it only gets a deletionTimestamp; foreground adds the foregroundDeletion finalizer
    /// and removes dependents first; orphan strips the owner reference from dependents. Returns (a copy of) the object
    /// after the call and whether it is gone.
    /// </summary>
    public (JsonObject Object, bool Removed) Delete(string storageKey, string? ns, string name, string? propagation, Func<JsonObject, bool>? precondition = null)
    {
        var events = new List<StoredEvent>();
        (JsonObject, bool) outcome;
        lock (_gate)
        {
            var key = Key(ns, name);
            var bucket = Bucket(storageKey);
            if (!bucket.TryGetValue(key, out var current))
            {
                throw new KeyNotFoundException(key);
            }

            if (precondition is not null && !precondition(current))
            {
                throw new InvalidOperationException("precondition");
            }

            outcome = DeleteLocked(storageKey, key, current, propagation ?? "Background", events);
            CollectGarbage(events);
        }

        Raise(events);
        return ((JsonObject)outcome.Item1.DeepClone(), outcome.Item2);
    }

    /// <summary>Removes every object of a storage key (a deleted CRD takes its custom resources along).</summary>
    public void DropAll(string storageKey)
    {
        var events = new List<StoredEvent>();
        lock (_gate)
        {
            var bucket = Bucket(storageKey);
            foreach (var (key, obj) in bucket.All.ToList())
            {
                bucket.Remove(key);
                var gone = (JsonObject)obj.DeepClone();
                Obj.Metadata(gone)["resourceVersion"] = Next();
                events.Add(Append(storageKey, "DELETED", gone, obj));
            }

            CollectGarbage(events);
        }

        Raise(events);
    }

    /// <summary>
    /// Registers a watch. With <paramref name="fromRv"/> null the current objects are replayed as ADDED first;
    /// otherwise the logged events after it are replayed, and a version older than the compaction point throws
    /// <see cref="ExpiredException"/>.
    /// </summary>
    public Watcher Watch(string storageKey, string? ns, long? fromRv, bool bookmarks)
    {
        lock (_gate)
        {
            var w = new Watcher(storageKey, ns, bookmarks);
            if (fromRv is null)
            {
                foreach (var obj in Bucket(storageKey).InNamespace(ns).Values)
                {
                    w.Push(new StoredEvent(long.Parse(Obj.ResourceVersion(obj)!, System.Globalization.CultureInfo.InvariantCulture), storageKey, "ADDED", obj, null));
                }
            }
            else
            {
                if (fromRv.Value < _compactedRv)
                {
                    throw new ExpiredException($"too old resource version: {fromRv.Value} ({_compactedRv})");
                }

                foreach (var e in _log)
                {
                    if (e.ResourceVersion > fromRv.Value && e.StorageKey == storageKey)
                    {
                        w.Push(e);
                    }
                }
            }

            _watchers.Add(w);
            return w;
        }
    }

    public void Unwatch(Watcher w)
    {
        lock (_gate)
        {
            _watchers.Remove(w);
        }

        w.Close();
    }

    /// <summary>Sends a BOOKMARK (current resourceVersion) to every watcher that asked for bookmarks (or to one).</summary>
    public void Bookmark(Watcher? only = null)
    {
        lock (_gate)
        {
            foreach (var w in _watchers)
            {
                if (w.WantsBookmarks && (only is null || ReferenceEquals(w, only)))
                {
                    var obj = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = _rv.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
                    w.Push(new StoredEvent(_rv, w.StorageKey, "BOOKMARK", obj, null));
                }
            }
        }
    }

    /// <summary>Closes every open watch (as if connections dropped); returns how many were closed.</summary>
    public int DropWatches()
    {
        List<Watcher> all;
        lock (_gate)
        {
            all = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var w in all)
        {
            w.Close();
        }

        return all.Count;
    }

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Discards the whole event log: a watch from any older resourceVersion now gets 410 Expired.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _log.Clear();
            _compactedRv = _rv;
        }
    }

    // Returns the stored instance after the change (current when nothing changed); desired becomes stored, so it must be
    // a new object that nobody else holds (or current itself, meaning "no change"). knownChanged: the caller already
    // compared them (outside the lock).
    private JsonObject Commit(string storageKey, string key, JsonObject current, JsonObject desired, List<StoredEvent> events, bool knownChanged = false)
    {
        if (ReferenceEquals(current, desired))
        {
            return current;
        }

        var meta = Obj.Metadata(desired);
        meta["resourceVersion"] = Obj.ResourceVersion(current);
        if (!knownChanged && JsonNode.DeepEquals(current, desired))
        {
            return current;
        }

        var bucket = Bucket(storageKey);
        if (meta["deletionTimestamp"] is not null && Obj.Finalizers(desired).Count == 0)
        {
            bucket.Remove(key);
            meta["resourceVersion"] = Next();
            events.Add(Append(storageKey, "DELETED", desired, current));
            return desired;
        }

        meta["resourceVersion"] = Next();
        bucket.Set(key, desired);
        events.Add(Append(storageKey, "MODIFIED", desired, current));
        return desired;
    }

    private (JsonObject, bool) DeleteLocked(string storageKey, string key, JsonObject current, string propagation, List<StoredEvent> events)
    {
        var uid = Obj.Uid(current);
        if (propagation == "Orphan" && uid is not null)
        {
            foreach (var (depKey, depStorage, dep) in Dependents(uid))
            {
                var copy = (JsonObject)dep.DeepClone();
                var refs = (JsonArray)Obj.Metadata(copy)["ownerReferences"]!;
                foreach (var r in refs.OfType<JsonObject>().Where(r => Obj.Str(r["uid"]) == uid).ToList())
                {
                    refs.Remove(r);
                }

                if (refs.Count == 0)
                {
                    Obj.Metadata(copy).Remove("ownerReferences");
                }

                Commit(depStorage, depKey, dep, copy, events);
            }
        }

        var finalizers = Obj.Finalizers(current);
        if (propagation == "Foreground" && GarbageCollection && uid is not null && Dependents(uid).Count > 0 && !finalizers.Contains("foregroundDeletion"))
        {
            finalizers.Add("foregroundDeletion");
        }

        if (finalizers.Count > 0)
        {
            var marked = (JsonObject)current.DeepClone();
            var meta = Obj.Metadata(marked);
            meta["deletionTimestamp"] ??= Obj.Now(_clock);
            meta["deletionGracePeriodSeconds"] ??= 0;
            Obj.SetFinalizers(marked, finalizers);
            var after = Commit(storageKey, key, current, marked, events);
            if (finalizers.Contains("foregroundDeletion"))
            {
                foreach (var (depKey, depStorage, dep) in Dependents(uid!))
                {
                    if (Obj.Metadata(dep)["deletionTimestamp"] is null)
                    {
                        DeleteLocked(depStorage, depKey, dep, "Background", events);
                    }
                }
            }

            return (after, false);
        }

        Bucket(storageKey).Remove(key);
        var gone = (JsonObject)current.DeepClone();
        Obj.Metadata(gone)["resourceVersion"] = Next();
        events.Add(Append(storageKey, "DELETED", gone, current));
        return (gone, true);
    }

    // Repeats until stable: dependents whose owners are all gone are deleted; foreground-deleting owners whose
    // dependents are gone lose the foregroundDeletion finalizer (and go away if nothing else holds them).
    /// <summary>Full garbage-collection sweeps run (each one visits every stored object).</summary>
    public long GarbageCollectionSweeps
    {
        get
        {
            lock (_gate)
            {
                return _gcSweeps;
            }
        }
    }

    /// <summary>
    /// Whether a change can make an object garbage or let a foreground deletion finish: what the sweep reads is which
    /// objects exist, their owner references, deletion timestamps and finalizers. Status, spec, label and annotation
    /// updates (nearly every write) change none of it, and a sweep visits every object under the store's one lock —
    /// at 10,000 Rollouts (~10^5 objects) that made every write wait tens of milliseconds.
    /// </summary>
    private static bool MayChangeWhatIsGarbage(StoredEvent e)
    {
        if (e.Type != "MODIFIED" || e.OldObject is null)
        {
            return true;
        }

        var now = e.Object["metadata"];
        var before = e.OldObject["metadata"];
        return !JsonNode.DeepEquals(now?["ownerReferences"], before?["ownerReferences"])
            || !JsonNode.DeepEquals(now?["deletionTimestamp"], before?["deletionTimestamp"])
            || !JsonNode.DeepEquals(now?["finalizers"], before?["finalizers"]);
    }

    private void CollectGarbage(List<StoredEvent> events)
    {
        if (!GarbageCollection)
        {
            return;
        }

        _gcSweeps++;

        for (var round = 0; round < 100; round++)
        {
            var changed = false;
            var live = new HashSet<string>(StringComparer.Ordinal);
            foreach (var o in _objects.Values.SelectMany(b => b.All.Values))
            {
                if (Obj.Uid(o) is { } u)
                {
                    live.Add(u);
                }
            }

            foreach (var (storageKey, bucket) in _objects.ToList())
            {
                foreach (var (key, obj) in bucket.All.ToList())
                {
                    var owners = Obj.OwnerUids(obj);
                    var deleting = Obj.Metadata(obj)["deletionTimestamp"] is not null;
                    if (owners.Count > 0 && !deleting && owners.All(o => !live.Contains(o)))
                    {
                        DeleteLocked(storageKey, key, obj, "Background", events);
                        changed = true;
                        continue;
                    }

                    if (deleting && Obj.Finalizers(obj).Contains("foregroundDeletion") && Dependents(Obj.Uid(obj)!).Count == 0)
                    {
                        var copy = (JsonObject)obj.DeepClone();
                        Obj.SetFinalizers(copy, Obj.Finalizers(obj).Where(f => f != "foregroundDeletion"));
                        Commit(storageKey, key, obj, copy, events);
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private List<(string Key, string StorageKey, JsonObject Object)> Dependents(string ownerUid)
    {
        var result = new List<(string, string, JsonObject)>();
        foreach (var (storageKey, bucket) in _objects)
        {
            foreach (var (key, obj) in bucket.All)
            {
                if (Obj.OwnerUids(obj).Contains(ownerUid))
                {
                    result.Add((key, storageKey, obj));
                }
            }
        }

        return result;
    }

    private KindIndex Bucket(string storageKey)
    {
        if (!_objects.TryGetValue(storageKey, out var bucket))
        {
            bucket = new KindIndex();
            _objects[storageKey] = bucket;
        }

        return bucket;
    }

    private string Next() => (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The event holds the stored instances themselves (old: the one just replaced); neither is changed afterwards.
    private StoredEvent Append(string storageKey, string type, JsonObject obj, JsonObject? old)
    {
        var e = new StoredEvent(_rv, storageKey, type, obj, old);
        _log.Enqueue(e);
        while (_log.Count > _logCapacity)
        {
            _compactedRv = _log.Dequeue().ResourceVersion;
        }

        foreach (var w in _watchers)
        {
            if (w.StorageKey == storageKey)
            {
                w.Push(e);
            }
        }

        return e;
    }

    private void Raise(List<StoredEvent> events)
    {
        foreach (var e in events)
        {
            Changed?.Invoke(e);
        }
    }
}

/// <summary>A watch or list asked for a resourceVersion that was compacted away (HTTP 410, reason Expired).</summary>
public sealed class ExpiredException(string message) : Exception(message);
