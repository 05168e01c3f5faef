namespace CanaryOperator.Runtime.Queue;

/// <summary>
/// A rate-limited, delaying work queue of string keys with client-go semantics:
/// <list type="bullet">
/// <item>a key waiting in the queue is stored once however often it is added (de-duplication);</item>
/// <item>a key handed out by <see cref="GetAsync"/> is not handed out again until <see cref="Done"/> is called,
/// so two workers never process one key at once;</item>
/// <item>a key added while it is being processed is queued again when <see cref="Done"/> is called, once;</item>
/// <item><see cref="AddAfter"/> keeps the earliest deadline of a key;</item>
/// <item><see cref="AddRateLimited"/> waits as long as the <see cref="IRateLimiter"/> says; nothing is ever dropped.</item>
/// </list>
/// All waiting goes through an injected <see cref="TimeProvider"/> so tests drive it with a fake clock.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter _rateLimiter;
    private readonly LinkedList<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _waiting = new(StringComparer.Ordinal);

    // Deadlines in time order. Entries whose deadline no longer matches _waiting are stale and skipped, which keeps
    // AddAfter O(log n) with 10,000 keys requeued on timers.
    private readonly PriorityQueue<string, DateTimeOffset> _deadlines = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _getters = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _timerDue;
    private bool _shuttingDown;
    private long _addsTotal;
    private long _retriesTotal;

    public WorkQueue(IRateLimiter? rateLimiter = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _rateLimiter = rateLimiter ?? DefaultControllerRateLimiter.Create(_time);
        _timer = _time.CreateTimer(_ => PromoteDueKeys(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be handed out (not counting delayed or in-process keys).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for a deadline (<see cref="AddAfter"/> / <see cref="AddRateLimited"/>).</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Keys handed out and not yet <see cref="Done"/>.</summary>
    public int ProcessingCount
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>Calls to <see cref="Add"/> that were accepted (including those that were de-duplicated).</summary>
    public long AddsTotal => Interlocked.Read(ref _addsTotal);

    /// <summary>Calls to <see cref="AddRateLimited"/>.</summary>
    public long RetriesTotal => Interlocked.Read(ref _retriesTotal);

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Makes <paramref name="key"/> ready now (unless already queued).</summary>
    public void Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Makes <paramref name="key"/> ready after <paramref name="delay"/>; an earlier pending deadline wins.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }

            var deadline = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing) && existing <= deadline)
            {
                return;
            }

            _waiting[key] = deadline;
            _deadlines.Enqueue(key, deadline);
            ArmTimerLocked();
        }
    }

    /// <summary>Retries <paramref name="key"/> after the rate limiter's backoff (a failure).</summary>
    public void AddRateLimited(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsShuttingDown)
        {
            return;
        }

        Interlocked.Increment(ref _retriesTotal);
        AddAfter(key, _rateLimiter.When(key));
    }

    /// <summary>Resets the backoff of <paramref name="key"/> (it succeeded). Does not remove it from the queue.</summary>
    public void Forget(string key) => _rateLimiter.Forget(key);

    public int NumRequeues(string key) => _rateLimiter.NumRequeues(key);

    /// <summary>
    /// Waits for the next key and marks it as processing. Returns null once the queue is shut down.
    /// The caller must call <see cref="Done"/> with the key when finished.
    /// </summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                if (_queue.First is { } first)
                {
                    _queue.RemoveFirst();
                    _dirty.Remove(first.Value);
                    _processing.Add(first.Value);
                    return first.Value;
                }

                if (_shuttingDown)
                {
                    return null;
                }

                signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _getters.AddLast(signal);
            }

            using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), signal))
            {
                try
                {
                    await signal.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (_gate)
                    {
                        _getters.Remove(signal);
                    }

                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
    }

    /// <summary>Marks <paramref name="key"/> as no longer processing; re-queues it if it was added meanwhile.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            if (!_processing.Remove(key))
            {
                return;
            }

            if (_dirty.Contains(key))
            {
                _queue.AddLast(key);
                WakeOneGetterLocked();
            }
        }
    }

    /// <summary>
    /// Stops accepting keys and releases every waiting <see cref="GetAsync"/> with null once the ready keys are
    /// drained. Keys waiting for a deadline are dropped: the process is stopping.
    /// </summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _waiting.Clear();
            _deadlines.Clear();
            _timerDue = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            while (_getters.First is { } getter)
            {
                _getters.RemoveFirst();
                getter.Value.TrySetResult(true);
            }
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private void AddLocked(string key)
    {
        if (_shuttingDown)
        {
            return;
        }

        Interlocked.Increment(ref _addsTotal);
        // A key now ready no longer needs its delayed copy.
        _waiting.Remove(key);
        if (!_dirty.Add(key))
        {
            return;
        }

        if (_processing.Contains(key))
        {
            // Done() will queue it again, so it is processed once more after the current run.
            return;
        }

        _queue.AddLast(key);
        WakeOneGetterLocked();
    }

    private void WakeOneGetterLocked()
    {
        // A getter cancelled meanwhile refuses the signal; hand it to the next one.
        while (_getters.First is { } getter)
        {
            _getters.RemoveFirst();
            if (getter.Value.TrySetResult(true))
            {
                return;
            }
        }
    }

    private void PromoteDueKeys()
    {
        lock (_gate)
        {
            _timerDue = null;
            if (_shuttingDown)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_deadlines.TryPeek(out var key, out var deadline) && deadline <= now)
            {
                _deadlines.Dequeue();
                if (_waiting.TryGetValue(key, out var current) && current == deadline)
                {
                    AddLocked(key);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        DateTimeOffset next;
        while (true)
        {
            if (!_deadlines.TryPeek(out var key, out next))
            {
                return;
            }

            if (_waiting.TryGetValue(key, out var current) && current == next)
            {
                break;
            }

            _deadlines.Dequeue();
        }

        if (_timerDue is { } armed && armed <= next)
        {
            return;
        }

        _timerDue = next;
        var dueIn = next - _time.GetUtcNow();
        _timer.Change(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan);
    }
}
