namespace CanaryOperator.Runtime.Queue;

/// <summary>
/// Decides how long a key must wait before it is retried (client-go's <c>workqueue.RateLimiter</c>).
/// </summary>
public interface IRateLimiter
{
    /// <summary>Records one more failure of <paramref name="key"/> and returns how long it should wait.</summary>
    TimeSpan When(string key);

    /// <summary>Clears the failure history of <paramref name="key"/> (it succeeded).</summary>
    void Forget(string key);

    /// <summary>How many times <paramref name="key"/> has been rate-limited since it was last forgotten.</summary>
    int NumRequeues(string key);
}
