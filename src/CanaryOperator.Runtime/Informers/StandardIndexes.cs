using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>Index functions every controller wants.</summary>
public static class StandardIndexes
{
    public const string Namespace = "namespace";
    public const string OwnerUid = "owner-uid";
    public const string ControllerUid = "controller-uid";

    /// <summary>Files an object under its namespace.</summary>
    public static IEnumerable<string> ByNamespace(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? [ns] : [];

    /// <summary>Files an object under the UID of every owner.</summary>
    public static IEnumerable<string> ByOwnerUid(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.Select(o => o.Uid).Where(u => !string.IsNullOrEmpty(u)) ?? [];

    /// <summary>Files an object under the UID of its controlling owner only (ownerReference with controller=true).</summary>
    public static IEnumerable<string> ByControllerUid(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.Where(o => o.Controller == true && !string.IsNullOrEmpty(o.Uid)).Select(o => o.Uid) ?? [];
}
