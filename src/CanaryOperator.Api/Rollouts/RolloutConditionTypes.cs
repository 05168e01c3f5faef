namespace CanaryOperator.Api.Rollouts;

/// <summary><c>status.conditions[].type</c> values.</summary>
public static class RolloutConditionTypes
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string Completed = "Completed";
    public const string InvalidSpec = "InvalidSpec";
    public const string ReplicaFailure = "ReplicaFailure";
}
