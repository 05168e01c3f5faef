using System.Text.Json.Nodes;
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

    /// <summary>
    /// Like <see cref="Between"/> for a header/mirror route change: the patch inserts and removes just those named
    /// routes (<see cref="HttpRoutePatch"/>) when that describes the change, else it is the generic diff.
    /// </summary>
    public static VirtualServiceUpdate BetweenRoutes(VirtualService original, VirtualService updated)
    {
        var before = ApiJson.ToNode(original);
        var after = ApiJson.ToNode(updated);
        if (JsonNode.DeepEquals(before, after))
        {
            return new(original, false, JsonPatchDocument.Empty);
        }

        var patch = HttpRoutePatch.TryBuild(before, after) ?? JsonPatchDocument.Diff(before, after);
        return new(updated, true, patch);
    }

    public void Deconstruct(out VirtualService updated, out bool changed)
    {
        updated = Updated;
        changed = Changed;
    }
}
