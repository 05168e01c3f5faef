namespace CanaryOperator.Api.Rollouts;

/// <summary>
/// <c>status.duration.completionStatus</c> values. Only <c>FastPromoted</c> is named by the semantics document
/// (§2.5, set when <c>promoteFull</c> finishes an update); other values are kept as plain strings.
/// </summary>
public static class RolloutCompletionStatuses
{
    public const string FastPromoted = "FastPromoted";
}
