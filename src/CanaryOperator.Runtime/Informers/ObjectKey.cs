using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>The cache and queue key of an object: <c>namespace/name</c>, or <c>name</c> for cluster-scoped kinds.</summary>
public static class ObjectKey
{
    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        var meta = obj.Metadata ?? throw new ArgumentException("object has no metadata", nameof(obj));
        return For(meta.NamespaceProperty, meta.Name);
    }

    public static string For(string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    /// <summary>Splits a key back into namespace (null for cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
