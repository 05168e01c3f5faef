namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>A clock stopped at one instant, so restartAt = now + delay is exact.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
