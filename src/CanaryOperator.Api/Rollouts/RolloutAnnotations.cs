namespace CanaryOperator.Api.Rollouts;

/// <summary>Annotation keys with Argo Rollouts' exact spelling, so both controllers read each other's objects.</summary>
public static class RolloutAnnotations
{
    public const string Revision = "rollout.argoproj.io/revision";
    public const string RevisionHistory = "rollout.argoproj.io/revision-history";
    public const string DesiredReplicas = "rollout.argoproj.io/desired-replicas";
    public const string WorkloadGeneration = "rollout.argoproj.io/workload-generation";
    public const string EphemeralMetadata = "rollout.argoproj.io/ephemeral-metadata";
    public const string ScaleDownDeadline = "scale-down-deadline";
    public const string ManagedByRollouts = "argo-rollouts.argoproj.io/managed-by-rollouts";
    public const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";
    public const string NotificationsNotified = "notified.notifications.argoproj.io";
}
