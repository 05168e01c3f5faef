namespace CanaryOperator.Engine.Planning;

/// <summary>Event reasons Argo Rollouts records, spelled as Argo spells them (<c>utils/conditions/conditions.go</c>, <c>utils/record</c>).</summary>
public static class EventReasons
{
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string ScalingReplicaSet = "ScalingReplicaSet";
    public const string RolloutCompleted = "RolloutCompleted";
    public const string RolloutStepCompleted = "RolloutStepCompleted";
    public const string RolloutPaused = "RolloutPaused";
    public const string RolloutResumed = "RolloutResumed";
    public const string RolloutAborted = "RolloutAborted";
    public const string RolloutRetry = "RolloutRetry";
    public const string RolloutUpdated = "RolloutUpdated";
    public const string TrafficWeightUpdated = "TrafficWeightUpdated";
    public const string InvalidSpec = "InvalidSpec";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string SwitchService = "SwitchService";
    public const string UpdatedVirtualService = "UpdatedVirtualService";
    public const string UpdatedDestinationRule = "UpdatedDestinationRule";
    public const string SkipSteps = "SkipSteps";
    public const string ScaleDownDeployment = "ScalingDeployment";
    public const string DeletingReplicaSet = "DeletingReplicaSet";
}
