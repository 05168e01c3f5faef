using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// The outcome of one planning pass (one pass of Argo's <c>syncHandler</c>).
/// The operator executes <see cref="Actions"/> in order (stopping at the first failure), records <see cref="Events"/>,
/// then — only when <see cref="Error"/> and <see cref="Waiting"/> are null — writes <see cref="Status"/> as one merge patch on /status
/// (skipped when it equals the Rollout's current status).
/// </summary>
public sealed record Plan
{
    public IReadOnlyList<PlanAction> Actions { get; init; } = [];

    /// <summary>
    /// The desired <c>status</c>. When <see cref="Error"/> or <see cref="Waiting"/> is set this is the input status
    /// unchanged, so the diff is empty.
    /// </summary>
    public required RolloutStatus Status { get; init; }

    /// <summary>Look again after this long (pause durations, scale-down deadlines, progress deadline, invalid-spec retry 20 s).</summary>
    public TimeSpan? RequeueAfter { get; init; }

    public IReadOnlyList<PlannedEvent> Events { get; init; } = [];

    /// <summary>
    /// Set when the pass ends with an error after <see cref="Actions"/> (Argo returns an error from <c>syncHandler</c>,
    /// e.g. <c>delaying destination rule switch: ...</c>, §0.3/§5.4): execute the actions, write NO status, requeue
    /// with rate limiting.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>
    /// Set when the pass stops after <see cref="Actions"/> to wait for the cluster, not because anything failed: today
    /// the DestinationRule switch waiting until the canary and stable ReplicaSets are fully available (§5.4,
    /// <c>delaying destination rule switch: ...</c>). Argo returns it as an error; here it is an expected state. As
    /// with <see cref="Error"/>: execute the actions, write NO status; then look again when a watched object changes
    /// (the ReplicaSet status that ends the wait), without error backoff.
    /// </summary>
    public string? Waiting { get; init; }
}
