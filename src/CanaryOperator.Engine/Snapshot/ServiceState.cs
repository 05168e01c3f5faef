namespace CanaryOperator.Engine.Snapshot;

/// <summary>The engine's view of a Service the Rollout points at pods (canaryService / stableService).</summary>
public sealed record ServiceState
{
    public required string Name { get; init; }

    /// <summary><c>spec.selector</c>.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();

    /// <summary><c>metadata.annotations</c> (the managed-by-rollouts annotation lives here).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
