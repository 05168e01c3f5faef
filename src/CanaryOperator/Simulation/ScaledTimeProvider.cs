namespace CanaryOperator.Simulation;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than real time, starting at the real "now": the sandbox's
/// <c>--time-scale</c>. Everything that waits on it (pause durations, scale-down delays, pod readiness, the HPA loop,
/// watch timeouts) waits Scale times less real time. Timestamps run ahead of the wall clock, so kubectl (which
/// compares them with its own clock) shows AGE as &lt;invalid&gt; when Scale &gt; 1.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    public ScaledTimeProvider(double scale, TimeProvider? real = null)
    {
        if (!(scale >= 1) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a finite number ≥ 1");
        }

        Scale = scale;
        _real = real ?? System;
        _origin = _real.GetUtcNow();
        _originTimestamp = _real.GetTimestamp();
    }

    public double Scale { get; }

    public override DateTimeOffset GetUtcNow() => _origin + ((_real.GetUtcNow() - _origin) * Scale);

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((_real.GetTimestamp() - _originTimestamp) * Scale);

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    /// <summary>The real-time span a virtual span takes; infinite stays infinite (a disabled timer).</summary>
    public TimeSpan ToReal(TimeSpan virtualSpan) =>
        virtualSpan == Timeout.InfiniteTimeSpan || virtualSpan <= TimeSpan.Zero ? virtualSpan : virtualSpan / Scale;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
