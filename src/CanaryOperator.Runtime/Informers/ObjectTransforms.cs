using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Transforms applied before objects enter the cache. Managed fields and the kubectl last-applied annotation are
/// often bigger than the rest of the object and no controller reads them, so stripping them is what keeps
/// 10,000 cached Rollouts small.
/// </summary>
public static class ObjectTransforms
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Removes <c>metadata.managedFields</c> and the last-applied annotation (mutates and returns the object).</summary>
    public static T StripBulkyMetadata<T>(T obj) where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { } meta)
        {
            meta.ManagedFields = null;
            if (meta.Annotations is { } annotations && annotations.Remove(LastAppliedAnnotation) && annotations.Count == 0)
            {
                meta.Annotations = null;
            }
        }

        return obj;
    }
}
