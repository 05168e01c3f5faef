using System.Text;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using k8s.Models;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// The pod-template hash that names the new ReplicaSet (§6.1).
/// TODO(replace with Hashing.PodTemplateHash.Compute when it lands): until then FNV-1a-32 over our own JSON of
/// the template (+ collisionCount bytes), SafeEncoded — deterministic, but not byte-identical to Argo's.
/// </summary>
internal static class TemplateHash
{
    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hasher = new Fnv1a32().Write(Encoding.UTF8.GetBytes(ApiJson.Serialize(template)));
        if (collisionCount is { } c)
        {
            var bytes = new byte[8];
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (uint)c);
            hasher.Write(bytes);
        }

        return SafeEncoding.EncodeSum(hasher.Sum32);
    }
}
