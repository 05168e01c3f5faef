using CanaryOperator.Api.Rollouts;
using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// Persists a reconcile's outcome: ONE merge patch on the Rollout's <c>/status</c> subresource, computed as the diff
/// from the cached status, and no request at all when nothing changed (<c>rollout/sync.go:persistRolloutStatus</c>).
/// </summary>
public sealed class RolloutStatusWriter(IKubernetes client)
{
    /// <summary>Returns the written object, or null when there was nothing to write.</summary>
    public async Task<WrittenObject?> PersistAsync(
        string ns, string name, RolloutStatus? cached, RolloutStatus desired, CancellationToken cancellationToken)
    {
        if (StatusMergePatch.Between(cached, desired) is not { } body)
        {
            return null;
        }

        var response = await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            JsonBodies.MergePatch(body), Rollout.Group, Rollout.Version, ns, Rollout.Plural, name, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.Rollout, ns, name, JsonBodies.ResourceVersionOf(response));
    }
}
