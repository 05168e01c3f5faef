namespace CanaryOperator.Engine.Planning;

/// <summary>A Kubernetes Event to record on the Rollout. <paramref name="Type"/> is <c>Normal</c> or <c>Warning</c>; reasons are Argo's.</summary>
public sealed record PlannedEvent(string Type, string Reason, string Message)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
