using System.Buffers.Binary;
using System.Text;
using k8s.Models;

namespace CanaryOperator.Engine.Hashing;

/// <summary>
/// <c>utils/hash/hash.go:ComputePodTemplateHash</c> (§6.1): FNV-1a-32 over Go's JSON of the pod template,
/// then — when <c>status.collisionCount</c> is set — 8 more bytes (uint32 little-endian count + 4 zero bytes),
/// printed in decimal and SafeEncoded (e.g. <c>674d8cf959</c>). The value names ReplicaSets and labels pods.
/// </summary>
/// <remarks>
/// Stability matters more than parity: the same template must always give the same hash or an operator
/// upgrade would redeploy every rollout. The canonical JSON (<see cref="PodTemplateGoJson"/>) therefore depends
/// only on the template's data and on a frozen layout table; golden tests pin the results.
/// </remarks>
public static class PodTemplateHash
{
    public static string Compute(V1PodTemplateSpec template, int? collisionCount) =>
        ComputeFromCanonicalJson(PodTemplateGoJson.Encode(template), collisionCount);

    /// <summary>The hash of already-canonical JSON text (what Go's json.Marshal produced).</summary>
    public static string ComputeFromCanonicalJson(string canonicalJson, int? collisionCount) =>
        SafeEncoding.EncodeSum(Sum32(Encoding.UTF8.GetBytes(canonicalJson), collisionCount));

    /// <summary>The raw FNV-1a-32 sum, before SafeEncoding.</summary>
    public static uint Sum32(ReadOnlySpan<byte> canonicalJson, int? collisionCount)
    {
        var hasher = new Fnv1a32().Write(canonicalJson);
        if (collisionCount is { } count)
        {
            Span<byte> suffix = stackalloc byte[8];
            suffix.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(suffix, unchecked((uint)count));
            hasher.Write(suffix);
        }

        return hasher.Sum32;
    }
}

/// <summary>
/// Go <c>encoding/json</c> of <c>corev1.PodTemplateSpec</c> (k8s v0.34) from a KubernetesClient model.
/// </summary>
/// <remarks>
/// How far it goes: the template is serialized with KubernetesClient and re-written by
/// <see cref="GoJsonEncoder"/> with the Go struct layouts of <see cref="PodTemplateGoLayout"/> (ObjectMeta,
/// PodSpec, Container, ports, env, resources, probes, lifecycle, security contexts, volumes of the common
/// kinds, affinity, tolerations, topology spread, readiness gates ...): field order, omitempty/zero values,
/// sorted maps, canonical quantities, Go string escaping, no zero creationTimestamp. For such templates the
/// bytes equal Go's (checked against the e2e golden hashes). Known gaps: (1) types not in the table (rare
/// volume sources, ephemeral-container extras, alpha fields) are written with sorted keys, so their hash is
/// stable but not Argo's; (2) KubernetesClient's IntOrString does not remember that <c>"8080"</c> was a
/// string — a quoted numeric port is written as a number where Go writes a string.
/// </remarks>
public static class PodTemplateGoJson
{
    public static string Encode(V1PodTemplateSpec template) =>
        GoJsonEncoder.EncodeModel(template, GoType.Struct("PodTemplateSpec"), PodTemplateGoLayout.Table);
}
