namespace CanaryOperator.Controllers;

/// <summary>
/// A reconcile that must be retried with backoff: an action failed (stop at the first failure), or the plan itself
/// ended in an error (e.g. Istio's "delaying destination rule switch"). Never turns the Rollout Degraded.
/// </summary>
public sealed class ReconcileFailedException : Exception
{
    public ReconcileFailedException()
    {
    }

    public ReconcileFailedException(string message)
        : base(message)
    {
    }

    public ReconcileFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
