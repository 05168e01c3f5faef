using CanaryOperator.Runtime.Errors;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="ObjectStore{T}"/> in step with the API server and tells handlers what changed, like
/// client-go's shared informer: a paged LIST, then a WATCH from the list's resourceVersion with bookmarks and a
/// randomized timeout; a closed watch is resumed from the last seen resourceVersion; a 410 Gone (or an ERROR event)
/// triggers a fresh LIST whose difference against the cache is delivered as ADDED/MODIFIED/DELETED, so no change is
/// lost; other failures are retried with jittered exponential backoff.
/// </summary>
public sealed class Informer<T> : IInformer where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatch<T> _listWatch;
    private readonly InformerOptions<T> _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly Lock _handlerGate = new();
    private readonly List<IResourceEventHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _running;
    private volatile bool _stopped;
    private volatile string? _resourceVersion;

    public Informer(IListWatch<T> listWatch, InformerOptions<T>? options = null, ILogger? logger = null)
    {
        _listWatch = listWatch;
        _options = options ?? new InformerOptions<T>();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxWatchTimeout, _options.MinWatchTimeout);
        _logger = logger ?? NullLogger.Instance;
        _time = _options.TimeProvider ?? TimeProvider.System;
        _random = _options.Random ?? System.Random.Shared.NextDouble;
        Name = _options.Name ?? typeof(T).Name;
    }

    public string Name { get; }

    public ObjectStore<T> Store { get; } = new();

    public bool HasSynced => _synced.Task.IsCompletedSuccessfully;

    public bool IsRunning => _running;

    public bool HasStopped => _stopped;

    /// <summary>The resourceVersion the next watch would start from (last event, bookmark or list).</summary>
    public string? LastResourceVersion => _resourceVersion;

    /// <summary>
    /// Registers a handler. If the cache already holds objects, the handler first gets an ADD for each of them,
    /// so late handlers see the same world as early ones.
    /// </summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        lock (_handlerGate)
        {
            _handlers.Add(handler);
            foreach (var obj in Store.List())
            {
                Invoke(handler, new StoreChange<T>(WatchEventType.Added, null, obj));
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _running = true;
        var backoff = new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff, 1.0, _random);
        var needList = true;
        var resync = _options.ResyncPeriod is { } period ? ResyncLoopAsync(period, cancellationToken) : Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var listing = needList;
                try
                {
                    if (needList)
                    {
                        await ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                        needList = false;
                        listing = false;
                        backoff.Reset();
                    }

                    if (await WatchAsync(cancellationToken).ConfigureAwait(false) > 0)
                    {
                        // The server closed a working watch (its timeout): resume at once from the last resourceVersion.
                        backoff.Reset();
                    }
                    else
                    {
                        // A watch that ends without a single event (not even a bookmark) may be a server or proxy
                        // closing it at once: back off so that cannot become a hot loop of reconnects.
                        await Task.Delay(backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (!listing && IsExpired(ex))
                {
                    _logger.LogInformation("{Informer}: watch from resourceVersion {ResourceVersion} expired ({Reason}); relisting",
                        Name, _resourceVersion, ex.Message);
                    needList = true;
                }
                catch (Exception ex)
                {
                    var wait = backoff.Next();
                    _logger.LogWarning(ex, "{Informer}: {Operation} failed; retrying in {Delay}",
                        Name, listing ? "list" : "watch", wait);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await resync.ConfigureAwait(false);
            _running = false;
            _stopped = true;
        }
    }

    // Level-based controllers re-check everything now and then, in case a reconcile ended "done" on a world that
    // later changed without an event reaching this informer (controller-runtime's SyncPeriod).
    private async Task ResyncLoopAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        try
        {
            await WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
                Dispatch([.. Store.List().Select(o => new StoreChange<T>(WatchEventType.Modified, o, o))]);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static bool IsExpired(Exception ex) => ex is WatchErrorEventException || KubernetesErrors.IsGone(ex);

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var objects = new List<T>();
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await _listWatch.ListAsync(continueToken, _options.PageSize, cancellationToken).ConfigureAwait(false);
            objects.AddRange(page.Items.Select(Prepare));
            resourceVersion = page.ResourceVersion ?? resourceVersion;
            continueToken = string.IsNullOrEmpty(page.ContinueToken) ? null : page.ContinueToken;
        }
        while (continueToken is not null);

        var changes = Store.Replace(objects);
        _resourceVersion = resourceVersion ?? "";
        _logger.LogDebug("{Informer}: listed {Count} objects at resourceVersion {ResourceVersion}, {Changes} changes",
            Name, objects.Count, resourceVersion, changes.Count);
        Dispatch(changes);
        _synced.TrySetResult();
    }

    /// <summary>Applies watch events until the stream ends; returns how many events (bookmarks included) arrived.</summary>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = PickWatchTimeoutSeconds();
        var received = 0;
        await foreach (var (type, item) in _listWatch.WatchAsync(_resourceVersion ?? "", timeout, cancellationToken)
                           .ConfigureAwait(false))
        {
            received++;
            if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted or WatchEventType.Bookmark))
            {
                throw new WatchErrorEventException($"watch delivered an {type} event");
            }

            StoreChange<T>? change = null;
            if (type is WatchEventType.Added or WatchEventType.Modified)
            {
                change = Store.Upsert(Prepare(item));
            }
            else if (type is WatchEventType.Deleted)
            {
                var obj = Prepare(item);
                if (Store.Delete(ObjectKey.Of(obj)) is { } old)
                {
                    change = new StoreChange<T>(WatchEventType.Deleted, old, obj);
                }
            }

            // The cache now reflects this resourceVersion; record it before handlers run so that anyone they wake
            // sees a consistent pair of cache content and version.
            if (item.Metadata?.ResourceVersion is { Length: > 0 } rv)
            {
                _resourceVersion = rv;
            }

            if (change is { } c)
            {
                Dispatch([c]);
            }
        }

        return received;
    }

    private int PickWatchTimeoutSeconds()
    {
        var min = _options.MinWatchTimeout.TotalSeconds;
        var max = _options.MaxWatchTimeout.TotalSeconds;
        return Math.Max(1, (int)(min + ((max - min) * _random())));
    }

    private T Prepare(T obj) => _options.Transform is { } transform ? transform(obj) : obj;

    private void Dispatch(IReadOnlyList<StoreChange<T>> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_handlerGate)
        {
            foreach (var change in changes)
            {
                foreach (var handler in _handlers)
                {
                    Invoke(handler, change);
                }
            }
        }
    }

    private void Invoke(IResourceEventHandler<T> handler, StoreChange<T> change)
    {
        try
        {
            switch (change.Type)
            {
                case WatchEventType.Added:
                    handler.OnAdd(change.Current);
                    break;
                case WatchEventType.Modified:
                    handler.OnUpdate(change.Old!, change.Current);
                    break;
                case WatchEventType.Deleted:
                    handler.OnDelete(change.Current);
                    break;
                default:
                    break;
            }
        }
        catch (Exception ex)
        {
            // One broken handler must not stop the cache from following the cluster.
            _logger.LogError(ex, "{Informer}: event handler failed on {Type} {Key}", Name, change.Type, ObjectKey.Of(change.Current));
        }
    }
}
