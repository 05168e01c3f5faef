using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Planning;

namespace CanaryOperator.Adapters;

/// <summary>
/// Folds a run of ADJACENT plan actions on the same ReplicaSet — annotation sets/removals and at most one scale — into
/// one <see cref="CombinedReplicaSetPatch"/>: retrying an aborted update, for one, plans "drop the scale-down-deadline"
/// right before "scale the canary up", which is one merge patch, not two. Only neighbours are folded, so no write moves
/// past a write to another object and the plan's order holds; one patch is also one atomic step for a crash to fall
/// between, never more.
/// <para>
/// One exception to "only neighbours": an ephemeral-metadata write (<see cref="SetReplicaSetEphemeralMetadata"/>, planned
/// early in the pass as in Argo) first moves down to the next planned write on the same ReplicaSet — after a promotion
/// the old stable's template cleanup joins its scale-down-deadline annotation, a canary's new metadata joins its scale —
/// and is dropped when that ReplicaSet is deleted later in the plan. That move is safe: those labels and annotations
/// are read by nothing the other writes do (the hash, selectors and routing ignore them), the write never passes a
/// write to the same ReplicaSet (so the canary's template still has its metadata before, or in the same patch as,
/// the scale that creates pods), and a crash before it is repaired by the next pass, which plans it again.
/// </para>
/// </summary>
public static class ReplicaSetPatchCoalescing
{
    public static IReadOnlyList<PlanAction> Coalesce(IReadOnlyList<PlanAction> planned)
    {
        var actions = MoveEphemeralMetadataToNextWrite(planned);
        var result = new List<PlanAction>(actions.Count);
        var i = 0;
        while (i < actions.Count)
        {
            if (Target(actions[i]) is not { } target)
            {
                result.Add(actions[i++]);
                continue;
            }

            var run = new List<PlanAction> { actions[i] };
            var scales = actions[i] is ScaleReplicaSet ? 1 : 0;
            var j = i + 1;
            while (j < actions.Count && Target(actions[j]) == target && scales + (actions[j] is ScaleReplicaSet ? 1 : 0) <= 1)
            {
                scales += actions[j] is ScaleReplicaSet ? 1 : 0;
                run.Add(actions[j++]);
            }

            result.Add(run.Count == 1 ? run[0] : Combine(target, run));
            i = j;
        }

        return result;
    }

    private static IReadOnlyList<PlanAction> MoveEphemeralMetadataToNextWrite(IReadOnlyList<PlanAction> planned)
    {
        if (!planned.Any(a => a is SetReplicaSetEphemeralMetadata))
        {
            return planned;
        }

        var actions = planned.ToList();
        for (var i = actions.Count - 1; i >= 0; i--)
        {
            if (actions[i] is not SetReplicaSetEphemeralMetadata metadata)
            {
                continue;
            }

            var target = (metadata.Namespace, metadata.Name);
            var next = actions.FindIndex(i + 1, a => Target(a) == target || (a is DeleteReplicaSet d && (d.Namespace, d.Name) == target));
            if (next < 0 || next == i + 1 && actions[next] is not DeleteReplicaSet)
            {
                continue;
            }

            actions.RemoveAt(i);
            if (actions[next - 1] is not DeleteReplicaSet)
            {
                actions.Insert(next - 1, metadata);
            }
        }

        return actions;
    }

    private static CombinedReplicaSetPatch Combine((string Namespace, string Name) target, List<PlanAction> run)
    {
        var annotations = new Dictionary<string, string?>(StringComparer.Ordinal);
        int? replicas = null;
        MetadataChange? template = null;
        foreach (var action in run)
        {
            switch (action)
            {
                case SetReplicaSetEphemeralMetadata m:
                    template = m.Template;
                    annotations[RolloutAnnotations.EphemeralMetadata] = m.Record;
                    break;
                case SetReplicaSetAnnotation a:
                    annotations[a.Key] = a.Value;
                    break;
                case ScaleReplicaSet s:
                    replicas = s.Replicas;
                    annotations[RolloutAnnotations.DesiredReplicas] = s.DesiredReplicasAnnotation;
                    if (s.RemoveScaleDownDeadline)
                    {
                        annotations[RolloutAnnotations.ScaleDownDeadline] = null;
                    }

                    break;
            }
        }

        return new CombinedReplicaSetPatch(target.Namespace, target.Name, annotations, replicas, template);
    }

    private static (string Namespace, string Name)? Target(PlanAction action) => action switch
    {
        SetReplicaSetAnnotation a => (a.Namespace, a.Name),
        ScaleReplicaSet s => (s.Namespace, s.Name),
        SetReplicaSetEphemeralMetadata m => (m.Namespace, m.Name),
        _ => null,
    };
}
