namespace CanaryOperator.Runtime.Queue;

/// <summary>
/// An overall token bucket shared by all keys (golang.org/x/time/rate semantics): every call takes a token;
/// when none is left the call reserves a future one and returns the wait until it is available, so a burst of
/// failures across many keys cannot hammer the API server. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class BucketRateLimiter : IRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _last;

    public BucketRateLimiter(double tokensPerSecond, int burst, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tokensPerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        TokensPerSecond = tokensPerSecond;
        Burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        _tokens = burst;
        _last = _time.GetUtcNow();
    }

    public double TokensPerSecond { get; }

    public int Burst { get; }

    public TimeSpan When(string key)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now > _last)
            {
                _tokens = Math.Min(Burst, _tokens + ((now - _last).TotalSeconds * TokensPerSecond));
                _last = now;
            }

            // Tokens may go negative: each caller reserves its own future token, as rate.Limiter.Reserve does.
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / TokensPerSecond);
        }
    }

    /// <summary>The bucket is shared, so there is nothing per key to forget.</summary>
    public void Forget(string key)
    {
    }

    public int NumRequeues(string key) => 0;
}
