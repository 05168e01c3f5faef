using System.Text;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Hashing;

namespace CanaryOperator.Engine.Steps;

/// <summary>
/// <c>utils/conditions/conditions.go:ComputeStepHash</c>: SafeEncode(FNV-1a-32(json.Marshal(steps))), stored in
/// <c>status.currentStepHash</c>; a change restarts the update at step 0 (§1.10, §2.9).
/// </summary>
/// <remarks>
/// How far the Go encoding is matched (see <see cref="StepsGoLayout"/>): setWeight, pause, setCanaryScale,
/// setHeaderRoute, setMirrorRoute and plugin are written with Argo's field order and omitempty rules, so for
/// those the bytes — and hash — equal Argo's. <c>analysis</c> and <c>experiment</c> are written with their keys
/// sorted (we do not model their Go structs), so a rollout using them gets a stable hash that differs from
/// Argo's. Unknown step fields are dropped, as Go drops them. A nil list encodes as <c>null</c>, an empty one
/// as <c>[]</c> — different hashes, exactly as in Go.
/// </remarks>
public static class StepsHash
{
    public static string Compute(IReadOnlyList<CanaryStep>? steps) =>
        SafeEncoding.EncodeSum(Fnv1a32.Hash(Encoding.UTF8.GetBytes(GoJson(steps))));

    /// <summary>The bytes Go's json.Marshal would produce for the step list.</summary>
    public static string GoJson(IReadOnlyList<CanaryStep>? steps) =>
        GoJsonEncoder.EncodeModel(steps, GoType.Slice(GoType.Struct("CanaryStep")), StepsGoLayout.Table);
}
