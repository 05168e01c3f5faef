using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Serialization;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// The outcome of a VirtualService transform: the new object, whether it differs, the guarded JSON Patch that
/// turns the live object into it (empty when unchanged), or an error (then <see cref="Updated"/> is the input).
/// </summary>
public sealed record VirtualServiceUpdate(VirtualService Updated, bool Changed, JsonPatchDocument Patch, string? Error = null)
{
    public static VirtualServiceUpdate Fail(VirtualService original, string error) => new(original, false, JsonPatchDocument.Empty, error);

    public static VirtualServiceUpdate Between(VirtualService original, VirtualService updated)
    {
        var patch = JsonPatchDocument.Diff(ApiJson.ToNode(original), ApiJson.ToNode(updated));
        return patch.IsEmpty ? new(original, false, patch) : new(updated, true, patch);
    }

    public void Deconstruct(out VirtualService updated, out bool changed)
    {
        updated = Updated;
        changed = Changed;
    }
}
