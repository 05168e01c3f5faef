namespace CanaryOperator.Runtime.Queue;

/// <summary>client-go's <c>DefaultControllerRateLimiter</c>: max(per-item 5 ms … 1000 s, overall 10 qps burst 100).</summary>
public static class DefaultControllerRateLimiter
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1000);
    public const double OverallQps = 10;
    public const int OverallBurst = 100;

    public static IRateLimiter Create(TimeProvider? timeProvider = null) =>
        new MaxOfRateLimiter(
            new ItemExponentialFailureRateLimiter(BaseDelay, MaxDelay),
            new BucketRateLimiter(OverallQps, OverallBurst, timeProvider));
}
