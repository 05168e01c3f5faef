namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// Brings the world in line with the desired state of the object named by <c>key</c> (<c>namespace/name</c>).
/// Level-based: read current state from the caches, never from the event that triggered it; a missing object means
/// it was deleted. Throw to have the key retried with rate-limited backoff.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken);
}
