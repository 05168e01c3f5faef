namespace CanaryOperator.Runtime.Queue;

/// <summary>Combines limiters by taking the longest wait any of them asks for.</summary>
public sealed class MaxOfRateLimiter : IRateLimiter
{
    private readonly IRateLimiter[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter[] limiters)
    {
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        _limiters = limiters;
    }

    public TimeSpan When(string key)
    {
        var longest = TimeSpan.Zero;
        // Every limiter must see every failure, so no short-circuit here.
        foreach (var limiter in _limiters)
        {
            var wait = limiter.When(key);
            if (wait > longest)
            {
                longest = wait;
            }
        }

        return longest;
    }

    public void Forget(string key)
    {
        foreach (var limiter in _limiters)
        {
            limiter.Forget(key);
        }
    }

    public int NumRequeues(string key) => _limiters.Max(l => l.NumRequeues(key));
}
