using Microsoft.Extensions.Time.Testing;

namespace CanaryOperator.Simulation;

/// <summary>
/// The simulation's clock: a <see cref="FakeTimeProvider"/> that also knows when its earliest pending timer is due, so
/// the simulator can jump over seconds in which nothing can happen (no timer fires, nobody acts) instead of stepping
/// through them. Everything time-driven in the simulated cluster — pod readiness, pause and scale-down requeues, watch
/// timeouts, bookmarks, the HPA loop — runs on timers of this clock, which is what makes the jump safe.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly FakeTimeProvider _fake;
    private readonly Lock _gate = new();
    private readonly HashSet<TrackedTimer> _timers = [];

    public VirtualClock(DateTimeOffset start) => _fake = new FakeTimeProvider(start);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    /// <summary>Moves time forward, firing every timer that falls due (as <see cref="FakeTimeProvider.Advance"/>).</summary>
    public void Advance(TimeSpan delta) => _fake.Advance(delta);

    /// <summary>When the earliest armed timer fires, or null when none is armed.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var timer in _timers)
            {
                if (timer.Due is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Arm(dueTime, period);
        lock (_gate)
        {
            _timers.Add(tracked);
        }

        tracked.Attach(_fake.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state, dueTime, period));
        return tracked;
    }

    /// <summary>
    /// Mirrors one fake timer's schedule. The fake fires a timer due at once inside CreateTimer, before the inner timer is
    /// known here, so a Change or Dispose from that first callback is held and applied on <see cref="Attach"/>.
    /// </summary>
    private sealed class TrackedTimer(VirtualClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private ITimer? _inner;
        private (TimeSpan Due, TimeSpan Period)? _heldChange;
        private bool _heldDispose;

        public DateTimeOffset? Due { get; private set; }

        public void Attach(ITimer inner)
        {
            _inner = inner;
            if (_heldChange is { } change)
            {
                inner.Change(change.Due, change.Period);
            }

            if (_heldDispose)
            {
                inner.Dispose();
            }
        }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            }
        }

        /// <summary>A periodic timer's next wake-up is its previous one plus the period, as the fake computes it.</summary>
        public void Fired()
        {
            lock (clock._gate)
            {
                Due = Due is { } due && _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero ? due + _period : null;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            if (_inner is null)
            {
                _heldChange = (dueTime, period);
                return true;
            }

            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Forget();
            if (_inner is null)
            {
                _heldDispose = true;
                return;
            }

            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Forget()
        {
            lock (clock._gate)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }
    }
}
