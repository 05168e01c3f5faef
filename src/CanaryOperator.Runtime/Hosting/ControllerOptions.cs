namespace CanaryOperator.Runtime.Hosting;

public sealed class ControllerOptions
{
    /// <summary>Used in logs and as the <c>controller</c> / <c>name</c> metric label.</summary>
    public required string Name { get; init; }

    /// <summary>How many keys are reconciled concurrently (never the same key twice).</summary>
    public int Workers { get; init; } = 2;
}
