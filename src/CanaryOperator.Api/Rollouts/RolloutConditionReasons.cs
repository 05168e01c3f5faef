namespace CanaryOperator.Api.Rollouts;

/// <summary><c>status.conditions[].reason</c> values and Event reasons, spelled as Argo Rollouts spells them.</summary>
public static class RolloutConditionReasons
{
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ReplicaSetNotAvailable = "ReplicaSetNotAvailable";
    public const string ReplicaSetCreateError = "ReplicaSetCreateError";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string RolloutAborted = "RolloutAborted";
    public const string RolloutPaused = "RolloutPaused";
    public const string RolloutResumed = "RolloutResumed";
    public const string RolloutRetry = "RolloutRetry";
    public const string RolloutCompleted = "RolloutCompleted";
    public const string RolloutNotCompleted = "RolloutNotCompleted";
    public const string RolloutHealthy = "RolloutHealthy";
    public const string RolloutNotHealthy = "RolloutNotHealthy";
    public const string Available = "AvailableReason";
    public const string InvalidSpec = "InvalidSpec";
    public const string TrafficWeightUpdated = "TrafficWeightUpdated";
    public const string RolloutStepCompleted = "RolloutStepCompleted";
    public const string RolloutUpdated = "RolloutUpdated";
    public const string ScalingReplicaSet = "ScalingReplicaSet";
    public const string SkipSteps = "SkipSteps";
}
