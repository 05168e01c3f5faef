using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Maps a dependent object to the queue key of its controlling owner, so that a change to a ReplicaSet reconciles
/// the Rollout that owns it (controller-runtime's <c>EnqueueRequestForOwner(OnlyControllerOwner)</c>).
/// </summary>
public static class OwnerKeys
{
    /// <summary>
    /// The key of the owner that controls <paramref name="obj"/> if it is of <paramref name="ownerKind"/> (and, when
    /// given, of <paramref name="ownerApiGroup"/>); owners live in the dependent's namespace.
    /// </summary>
    public static IEnumerable<string> ControllerOf(IKubernetesObject<V1ObjectMeta> obj, string ownerKind, string? ownerApiGroup = null)
    {
        var meta = obj.Metadata;
        var owner = meta?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner is null || owner.Kind != ownerKind || (ownerApiGroup is not null && GroupOf(owner.ApiVersion) != ownerApiGroup))
        {
            return [];
        }

        return [ObjectKey.For(meta!.NamespaceProperty, owner.Name)];
    }

    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }
}
