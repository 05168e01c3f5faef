namespace CanaryOperator.Engine.Hashing;

/// <summary>FNV-1a, 32 bit (Go <c>hash/fnv.New32a</c>), which Argo uses for pod-template and steps hashes.</summary>
public sealed class Fnv1a32
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public uint Sum32 { get; private set; } = OffsetBasis;

    public Fnv1a32 Write(ReadOnlySpan<byte> bytes)
    {
        var h = Sum32;
        foreach (var b in bytes)
        {
            h ^= b;
            h *= Prime;
        }

        Sum32 = h;
        return this;
    }

    public static uint Hash(ReadOnlySpan<byte> bytes) => new Fnv1a32().Write(bytes).Sum32;
}
