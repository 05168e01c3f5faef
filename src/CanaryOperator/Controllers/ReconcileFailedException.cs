namespace CanaryOperator.Controllers;

/// <summary>
/// A reconcile that must be retried with backoff: an action failed (stop at the first failure), or the plan itself
/// ended in an error (e.g. a header route step on a VirtualService without the route). Never turns the Rollout
/// Degraded. Istio's "delaying destination rule switch" is not one: it is a wait (<c>Plan.Waiting</c>).
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
