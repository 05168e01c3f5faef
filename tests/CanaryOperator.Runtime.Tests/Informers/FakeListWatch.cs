using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CanaryOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Tests.Informers;

/// <summary>
/// An in-memory API server for one kind (ConfigMaps): resourceVersions, a paged LIST, WATCH from a resourceVersion
/// replaying history, history compaction (→ 410 Gone), bookmarks, closed and broken watch connections.
/// </summary>
internal sealed class FakeListWatch : IListWatch<V1ConfigMap>
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, V1ConfigMap> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Rv, WatchEventType Type, V1ConfigMap Obj)> _history = [];
    private readonly List<Channel<(WatchEventType, V1ConfigMap)>> _watchers = [];
    private readonly Dictionary<string, List<V1ConfigMap>> _listSnapshots = new(StringComparer.Ordinal);
    private long _rv = 100;
    private long _compactedThrough;
    private bool _paused;

    public ConcurrentQueue<(string? Continue, int Limit)> ListCalls { get; } = new();

    public ConcurrentQueue<(string ResourceVersion, int TimeoutSeconds)> WatchCalls { get; } = new();

    /// <summary>Thrown by the next LIST call (once).</summary>
    public Exception? NextListError { get; set; }

    /// <summary>When set, the next LIST call that carries a continue token fails with 410 (an expired token), once.</summary>
    public bool ExpireNextContinueToken { get; set; }

    /// <summary>Thrown by the next WATCH call when it starts (once).</summary>
    public Exception? NextWatchError { get; set; }

    public int ActiveWatches
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    public string CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    public static V1ConfigMap NewObject(string ns, string name, string value = "v", string? ownerUid = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = ns,
            Name = name,
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Uid = ownerUid, Name = "owner", Kind = "Rollout", ApiVersion = "argoproj.io/v1alpha1", Controller = true }],
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }],
            Annotations = new Dictionary<string, string> { [ObjectTransforms.LastAppliedAnnotation] = "{\"big\":true}" },
        },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    public void Create(V1ConfigMap obj) => Write(WatchEventType.Added, obj);

    public void Update(string ns, string name, string value)
    {
        V1ConfigMap copy;
        lock (_gate)
        {
            copy = Clone(_objects[ObjectKey.For(ns, name)]);
        }

        copy.Data = new Dictionary<string, string> { ["value"] = value };
        Write(WatchEventType.Modified, copy);
    }

    public void Delete(string ns, string name)
    {
        V1ConfigMap copy;
        lock (_gate)
        {
            copy = Clone(_objects[ObjectKey.For(ns, name)]);
        }

        Write(WatchEventType.Deleted, copy);
    }

    /// <summary>Stops delivering events to open watches (they stay in the history), like a stalled connection.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
        }
    }

    /// <summary>Sends a BOOKMARK at a new resourceVersion to open watches.</summary>
    public string Bookmark()
    {
        lock (_gate)
        {
            _rv++;
            var mark = new V1ConfigMap { Metadata = new V1ObjectMeta { ResourceVersion = Rv(_rv) } };
            foreach (var w in _watchers)
            {
                w.Writer.TryWrite((WatchEventType.Bookmark, mark));
            }

            return Rv(_rv);
        }
    }

    /// <summary>Sends an ERROR event (an IListWatch that yields errors instead of throwing).</summary>
    public void EmitErrorEvent()
    {
        lock (_gate)
        {
            foreach (var w in _watchers)
            {
                w.Writer.TryWrite((WatchEventType.Error, new V1ConfigMap { Metadata = new V1ObjectMeta() }));
            }
        }
    }

    /// <summary>The server closes every open watch normally (its timeout).</summary>
    public void CloseWatches() => EndWatches(null, compact: false);

    /// <summary>Every open watch breaks with <paramref name="error"/> (a transport failure).</summary>
    public void BreakWatches(Exception error) => EndWatches(error, compact: false);

    /// <summary>The server compacts its history and ends every open watch with 410 Gone.</summary>
    public void ExpireWatches() => EndWatches(Gone(), compact: true);

    /// <summary>Compacts history without touching open watches: a later watch from an older version gets 410.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _compactedThrough = _rv;
            _history.Clear();
        }
    }

    public static KubernetesException Gone() =>
        new(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version", Status = "Failure" });

    public Task<ListPage<V1ConfigMap>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        ListCalls.Enqueue((continueToken, limit));
        lock (_gate)
        {
            if (NextListError is { } error)
            {
                NextListError = null;
                throw error;
            }

            if (continueToken is not null && ExpireNextContinueToken)
            {
                ExpireNextContinueToken = false;
                throw Gone();
            }

            // A paged list is a consistent snapshot: later pages come from the first page's snapshot.
            List<V1ConfigMap> snapshot;
            int offset;
            string rv;
            if (continueToken is null)
            {
                snapshot = [.. _objects.Values.Select(Clone)];
                offset = 0;
                rv = Rv(_rv);
                _listSnapshots[rv] = snapshot;
            }
            else
            {
                var parts = continueToken.Split(':');
                rv = parts[0];
                offset = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                snapshot = _listSnapshots[rv];
            }

            var page = snapshot.Skip(offset).Take(limit).ToList();
            var next = offset + limit < snapshot.Count ? $"{rv}:{offset + limit}" : null;
            return Task.FromResult(new ListPage<V1ConfigMap>(page, next, rv));
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchCalls.Enqueue((resourceVersion, timeoutSeconds));
        var channel = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap)>();
        lock (_gate)
        {
            if (NextWatchError is { } error)
            {
                NextWatchError = null;
                throw error;
            }

            var from = long.Parse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture);
            if (from < _compactedThrough)
            {
                throw Gone();
            }

            foreach (var (rv, type, obj) in _history.Where(h => h.Rv > from))
            {
                channel.Writer.TryWrite((type, Clone(obj)));
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private void Write(WatchEventType type, V1ConfigMap obj)
    {
        lock (_gate)
        {
            _rv++;
            var stored = Clone(obj);
            stored.Metadata.ResourceVersion = Rv(_rv);
            stored.Metadata.Uid ??= Guid.NewGuid().ToString();
            var key = ObjectKey.Of(stored);
            if (type == WatchEventType.Deleted)
            {
                _objects.Remove(key);
            }
            else
            {
                _objects[key] = stored;
            }

            _history.Add((_rv, type, stored));
            if (!_paused)
            {
                foreach (var w in _watchers)
                {
                    w.Writer.TryWrite((type, Clone(stored)));
                }
            }
        }
    }

    private void EndWatches(Exception? error, bool compact)
    {
        lock (_gate)
        {
            if (compact)
            {
                _compactedThrough = _rv;
                _history.Clear();
            }

            foreach (var w in _watchers)
            {
                w.Writer.TryComplete(error);
            }

            _watchers.Clear();
            _paused = false;
        }
    }

    private static string Rv(long rv) => rv.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static V1ConfigMap Clone(V1ConfigMap obj) => KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(obj));
}
