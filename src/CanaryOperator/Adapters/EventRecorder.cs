using System.Collections.Concurrent;
using System.Threading.Channels;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Runtime.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Adapters;

/// <summary>
/// Records Kubernetes Events (events.k8s.io/v1) on a Rollout with Argo's reason names, OFF the reconcile path: a
/// reconcile hands its Events to <see cref="Record"/> and goes on; background senders create them (as client-go's
/// event broadcaster does). Creating them inline was 44.5 % of the operator's running samples in the figure-4 profile
/// (docs/benchmarks.md), each one awaited by the worker.
/// <list type="bullet">
/// <item>The same event repeated for the same Rollout (an invalid spec re-checked every 20 s) is recorded once, not
/// once per pass: a repeat of a Rollout's last event is skipped. An event that could not be sent is forgotten as the
/// last one, so its next repeat is sent.</item>
/// <item>One Rollout's Events are created in the order they were recorded: each Rollout always goes to the same
/// sender lane, and a lane sends one Event at a time.</item>
/// <item>The buffer is bounded (<see cref="DefaultCapacity"/>, client-go's queue length): when full an Event is
/// dropped and counted in <c>canary_operator_events_dropped_total{reason="buffer_full"}</c>.</item>
/// <item><see cref="ShutdownAsync"/> sends what is buffered, until its token fires; what is left is counted as
/// dropped with <c>reason="shutdown"</c>.</item>
/// </list>
/// Recording is best effort: a failed Event is logged and never fails a reconcile.
/// </summary>
public sealed class EventRecorder : IAsyncDisposable
{
    /// <summary>Events buffered at most, across lanes (client-go's broadcaster queues 1000).</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>Events in flight at once (one per lane); the API server answers each in milliseconds.</summary>
    public const int DefaultLanes = 4;

    public const string DroppedBufferFull = "buffer_full";
    public const string DroppedShutdown = "shutdown";

    private readonly IKubernetes _client;
    private readonly string _reportingController;
    private readonly string _reportingInstance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, string> _lastByRollout = new(StringComparer.Ordinal);
    private readonly Channel<QueuedEvent>[] _lanes;
    private readonly Task[] _senders;
    private readonly CancellationTokenSource _abort = new();
    private readonly Counter? _dropped;
    private int _pending;
    private int _recorded;
    private int _droppedCount;
    private int _shutdown;
    private int _disposed;

    public EventRecorder(
        IKubernetes client,
        string reportingController,
        string reportingInstance,
        TimeProvider time,
        ILogger? logger = null,
        MetricsRegistry? metrics = null,
        int capacity = DefaultCapacity,
        int lanes = DefaultLanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _client = client;
        _reportingController = reportingController;
        _reportingInstance = reportingInstance;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _capacity = capacity;
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => Channel.CreateUnbounded<QueuedEvent>(new UnboundedChannelOptions { SingleReader = true }))];
        _senders = [.. _lanes.Select(lane => Task.Run(() => SendAllAsync(lane.Reader)))];
        if (metrics is not null)
        {
            _dropped = metrics.Counter("canary_operator_events_dropped_total", "Events not created: the send buffer was full, or the operator stopped first.", "reason");
            var pending = metrics.Gauge("canary_operator_events_pending", "Events waiting to be created.");
            metrics.BeforeCollect(() => pending.Set(Pending));
        }
    }

    /// <summary>How many events were created (for tests and the write counts).</summary>
    public int Recorded => Volatile.Read(ref _recorded);

    /// <summary>Events buffered or being sent; 0 once everything recorded so far reached the API server (or failed).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Events dropped (buffer full, or left at shutdown).</summary>
    public int Dropped => Volatile.Read(ref _droppedCount);

    /// <summary>
    /// Queues <paramref name="planned"/> for <paramref name="rollout"/> and returns at once. Its time is now (the
    /// recording), not the moment it is sent.
    /// </summary>
    public void Record(Rollout rollout, PlannedEvent planned)
    {
        var ns = rollout.Metadata.NamespaceProperty ?? "default";
        var rolloutKey = $"{ns}/{rollout.Metadata.Name}";
        var fingerprint = $"{planned.Type}|{planned.Reason}|{planned.Message}";
        if (_lastByRollout.TryGetValue(rolloutKey, out var last) && last == fingerprint)
        {
            return;
        }

        var queued = new QueuedEvent(rolloutKey, fingerprint, Build(rollout, ns, planned));
        if (Interlocked.Increment(ref _pending) > _capacity)
        {
            Interlocked.Decrement(ref _pending);
            Drop(queued, DroppedBufferFull);
            return;
        }

        // Remembered before it is sent, so the next pass's repeat is skipped while this one is still buffered.
        _lastByRollout[rolloutKey] = fingerprint;
        if (!LaneOf(rolloutKey).Writer.TryWrite(queued))
        {
            Interlocked.Decrement(ref _pending);
            Drop(queued, DroppedShutdown);
        }
    }

    /// <summary>Forgets a deleted Rollout's last event.</summary>
    public void Forget(string rolloutKey) => _lastByRollout.TryRemove(rolloutKey, out _);

    /// <summary>
    /// Completes when every Event recorded before the call was sent, failed or dropped (a marker goes through each
    /// lane behind them). For tests and tools that must see the Events a reconcile recorded.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var markers = new List<Task>();
        for (var i = 0; i < _lanes.Length; i++)
        {
            var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // A completed lane (shut down) takes no marker: its sender finishing is the flush.
            markers.Add(_lanes[i].Writer.TryWrite(new QueuedEvent(marker)) ? marker.Task : _senders[i]);
        }

        await Task.WhenAll(markers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking Events and sends the buffered ones; when <paramref name="cancellationToken"/> fires first, the
    /// in-flight sends are cancelled and the rest dropped (counted). Idempotent.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _shutdown, 1) == 0)
        {
            foreach (var lane in _lanes)
            {
                lane.Writer.TryComplete();
            }
        }

        using var abort = cancellationToken.Register(_abort.Cancel);
        await Task.WhenAll(_senders).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);
        await ShutdownAsync(cancelled.Token).ConfigureAwait(false);
        _abort.Dispose();
    }

    private Channel<QueuedEvent> LaneOf(string rolloutKey) =>
        _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(rolloutKey) % (uint)_lanes.Length)];

    private async Task SendAllAsync(ChannelReader<QueuedEvent> lane)
    {
        await foreach (var queued in lane.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (queued.Flushed is { } marker)
            {
                marker.TrySetResult();
                continue;
            }

            try
            {
                if (_abort.IsCancellationRequested)
                {
                    Drop(queued, DroppedShutdown);
                    continue;
                }

                await SendAsync(queued).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task SendAsync(QueuedEvent queued)
    {
        var body = queued.Body;
        try
        {
            await _client.EventsV1.CreateNamespacedEventAsync(body, body.Metadata.NamespaceProperty, cancellationToken: _abort.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _recorded);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Drop(queued, DroppedShutdown);
        }
        catch (Exception ex)
        {
            ForgetIfLast(queued);
            _logger.LogWarning(ex, "Could not record event {Reason} on rollout {Rollout}", body.Reason, queued.RolloutKey);
        }
    }

    private void Drop(QueuedEvent queued, string reason)
    {
        ForgetIfLast(queued);
        Interlocked.Increment(ref _droppedCount);
        _dropped?.WithLabels(reason).Inc();
        _logger.LogDebug("Dropped event {Reason} on rollout {Rollout} ({Why})", queued.Body.Reason, queued.RolloutKey, reason);
    }

    // An Event that never reached the API server must not suppress its next repeat; a later, different Event of the
    // same Rollout has replaced it already and stays.
    private void ForgetIfLast(QueuedEvent queued) =>
        _lastByRollout.TryRemove(new KeyValuePair<string, string>(queued.RolloutKey, queued.Fingerprint));

    private Eventsv1Event Build(Rollout rollout, string ns, PlannedEvent planned) => new()
    {
        Metadata = new V1ObjectMeta { GenerateName = $"{rollout.Metadata.Name}.", NamespaceProperty = ns },
        EventTime = _time.GetUtcNow().UtcDateTime,
        ReportingController = _reportingController,
        ReportingInstance = _reportingInstance,
        Action = planned.Reason,
        Reason = planned.Reason,
        Type = planned.Type,
        Note = planned.Message,
        Regarding = new V1ObjectReference
        {
            ApiVersion = Rollout.ApiGroupVersion,
            Kind = Rollout.KindName,
            Name = rollout.Metadata.Name,
            NamespaceProperty = ns,
            Uid = rollout.Metadata.Uid,
            ResourceVersion = rollout.Metadata.ResourceVersion,
        },
    };

    /// <summary>An Event to send, or (<see cref="Flushed"/> set) a flush marker.</summary>
    private sealed record QueuedEvent(string RolloutKey, string Fingerprint, Eventsv1Event Body, TaskCompletionSource? Flushed = null)
    {
        public QueuedEvent(TaskCompletionSource flushed)
            : this("", "", null!, flushed)
        {
        }
    }
}
