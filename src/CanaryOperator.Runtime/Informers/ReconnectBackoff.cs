namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Exponential backoff with jitter for reconnecting to the API server (client-go's reflector uses 800 ms … 30 s,
/// factor 2, jitter 1.0): jitter spreads the reconnects of many informers after an API server restart.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Func<double> _random;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double> random)
    {
        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = random;
        _next = initial;
    }

    /// <summary>The next wait: the current step plus up to <c>jitter</c> times it; the step then doubles up to the cap.</summary>
    public TimeSpan Next()
    {
        var step = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, step.Ticks * 2));
        return step + (step * (_jitter * _random()));
    }

    public void Reset() => _next = _initial;
}
