using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using k8s.Models;

namespace CanaryOperator.Engine.Commands;

/// <summary>One revision of a rollout's history: the ReplicaSet's revision annotation and its pod template.</summary>
public sealed record RolloutRevision(long Revision, V1PodTemplateSpec Template);

/// <summary>
/// <c>kubectl argo rollouts undo [--to-revision N]</c> (<c>cmd/undo/undo.go</c>, semantics §2.10): a JSON patch
/// replacing <c>/spec/template</c> with the chosen revision's template minus the <c>rollouts-pod-template-hash</c>
/// label, sent to the Rollout, or to the referenced Deployment/ReplicaSet/PodTemplate when <c>workloadRef</c> is
/// set (the body is the same; the caller picks the object from <see cref="TargetsWorkload"/>).
/// </summary>
public static class RolloutUndo
{
    /// <summary>True when the patch must go to <c>spec.workloadRef</c>'s object, not the Rollout.</summary>
    public static bool TargetsWorkload(Rollout rollout) => rollout.Spec.WorkloadRef is not null;

    /// <param name="currentTemplate">The template in force now (the resolved one with workloadRef).</param>
    /// <param name="toRevision">0 = the second newest revision.</param>
    public static RolloutCommandPlan Plan(Rollout rollout, V1PodTemplateSpec? currentTemplate, IReadOnlyList<RolloutRevision> history, long toRevision = 0)
    {
        var name = rollout.Metadata?.Name ?? "";
        var ordered = history.OrderByDescending(h => h.Revision).ToList();
        RolloutRevision? target;
        if (toRevision == 0)
        {
            if (ordered.Count < 2)
            {
                return RolloutCommandPlan.Fail($"no revision found for rollout \"{name}\"");
            }

            target = ordered[1];
        }
        else
        {
            target = ordered.FirstOrDefault(h => h.Revision == toRevision);
            if (target is null)
            {
                return RolloutCommandPlan.Fail($"unable to find specified revision {toRevision} in history");
            }
        }

        var value = WithoutHashLabel(target.Template);
        if (currentTemplate is not null && JsonNode.DeepEquals(value, WithoutHashLabel(currentTemplate)))
        {
            return new RolloutCommandPlan { Output = $"skipped rollback (current template already matches revision {target.Revision})" };
        }

        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = value });
        return new RolloutCommandPlan
        {
            SpecPatch = new RolloutPatchRequest(PatchTarget.MainResource, RolloutPatchRequest.JsonPatch, patch.ToJsonString()),
            Output = $"rollout '{name}' undo",
        };
    }

    private static JsonNode WithoutHashLabel(V1PodTemplateSpec template)
    {
        var node = ApiJson.ToNode(template);
        if (node["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(RolloutLabels.PodTemplateHash);
        }

        return node;
    }
}
