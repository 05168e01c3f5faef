namespace CanaryOperator.Engine.Commands;

/// <summary>Where a kubectl-plugin patch is sent.</summary>
public enum PatchTarget
{
    /// <summary><c>PATCH .../rollouts/&lt;name&gt;/status</c>.</summary>
    StatusSubresource,

    /// <summary><c>PATCH .../rollouts/&lt;name&gt;</c> (or, for undo with workloadRef, the referenced workload).</summary>
    MainResource,
}

/// <summary>One HTTP PATCH: target, content type and the exact body Argo's plugin sends.</summary>
public sealed record RolloutPatchRequest(PatchTarget Target, string ContentType, string Body)
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    public static RolloutPatchRequest Status(string body) => new(PatchTarget.StatusSubresource, MergePatch, body);

    public static RolloutPatchRequest Main(string body) => new(PatchTarget.MainResource, MergePatch, body);
}
