using CanaryOperator.Engine.Hashing;
using static CanaryOperator.Engine.Hashing.GoType;

namespace CanaryOperator.Engine.Steps;

/// <summary>
/// Field order and tags of Argo's step structs (<c>pkg/apis/rollouts/v1alpha1/types.go</c>), for
/// <see cref="StepsHash"/>. FROZEN: editing a layout changes every stored steps hash, which restarts every
/// in-flight update at step 0.
/// </summary>
public static class StepsGoLayout
{
    public static GoStructTable Table { get; } = new(
        new Dictionary<string, IReadOnlyList<GoField>>
        {
            ["CanaryStep"] =
            [
                new("setWeight", Ptr(Int)),
                new("pause", PtrStruct("RolloutPause")),
                new("experiment", Ptr(Any)),
                new("analysis", Ptr(Any)),
                new("setCanaryScale", PtrStruct("SetCanaryScale")),
                new("setHeaderRoute", PtrStruct("SetHeaderRoute")),
                new("setMirrorRoute", PtrStruct("SetMirrorRoute")),
                new("plugin", PtrStruct("PluginStep")),
            ],
            ["RolloutPause"] = [new("duration", Ptr(IntOrString))],
            ["SetCanaryScale"] =
            [
                new("weight", Ptr(Int)),
                new("replicas", Ptr(Int)),
                new("matchTrafficWeight", Bool),
            ],
            ["SetHeaderRoute"] =
            [
                new("name", Str),
                new("match", SliceOf("HeaderRoutingMatch")),
            ],
            ["HeaderRoutingMatch"] =
            [
                new("headerName", Str, OmitEmpty: false),
                new("headerValue", PtrStruct("StringMatch"), OmitEmpty: false),
            ],
            ["StringMatch"] =
            [
                new("exact", Str),
                new("prefix", Str),
                new("regex", Str),
            ],
            ["SetMirrorRoute"] =
            [
                new("name", Str, OmitEmpty: false),
                new("match", SliceOf("RouteMatch")),
                new("percentage", Ptr(Int)),
            ],
            ["RouteMatch"] =
            [
                new("method", PtrStruct("StringMatch")),
                new("path", PtrStruct("StringMatch")),
                new("headers", Map(Struct("StringMatch"))),
            ],
            ["PluginStep"] =
            [
                new("name", Str, OmitEmpty: false),
                new("config", Raw),
            ],
        },
        UnknownFieldPolicy.Drop);
}
