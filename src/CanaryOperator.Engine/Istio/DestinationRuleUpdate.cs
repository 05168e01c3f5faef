using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Serialization;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// The outcome of a DestinationRule transform (see <see cref="VirtualServiceUpdate"/>); <see cref="Updated"/> is null
/// only with an error for a rule that does not exist.
/// </summary>
public sealed record DestinationRuleUpdate(DestinationRule? Updated, bool Changed, JsonPatchDocument Patch, string? Error = null)
{
    public static DestinationRuleUpdate Fail(DestinationRule? original, string error) => new(original, false, JsonPatchDocument.Empty, error);

    public static DestinationRuleUpdate Between(DestinationRule original, DestinationRule updated)
    {
        var patch = JsonPatchDocument.Diff(ApiJson.ToNode(original), ApiJson.ToNode(updated));
        return patch.IsEmpty ? new(original, false, patch) : new(updated, true, patch);
    }

    public void Deconstruct(out DestinationRule? updated, out bool changed)
    {
        updated = Updated;
        changed = Changed;
    }

    /// <summary>A deep copy whose metadata (a mutable KubernetesClient class) can be edited safely.</summary>
    internal static DestinationRule Copy(DestinationRule rule) => ApiJson.Deserialize<DestinationRule>(ApiJson.Serialize(rule));
}
