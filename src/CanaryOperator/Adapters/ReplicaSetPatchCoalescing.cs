using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;

namespace CanaryOperator.Adapters;

/// <summary>
/// Folds a run of ADJACENT plan actions on the same ReplicaSet — annotation sets/removals and at most one scale — into
/// one <see cref="CombinedReplicaSetPatch"/>: retrying an aborted update, for one, plans "drop the scale-down-deadline"
/// right before "scale the canary up", which is one merge patch, not two. Only neighbours are folded, so no write moves
/// past a write to another object and the plan's order holds; one patch is also one atomic step for a crash to fall
/// between, never more.
/// </summary>
public static class ReplicaSetPatchCoalescing
{
    public static IReadOnlyList<PlanAction> Coalesce(IReadOnlyList<PlanAction> actions)
    {
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

    private static CombinedReplicaSetPatch Combine((string Namespace, string Name) target, List<PlanAction> run)
    {
        var annotations = new Dictionary<string, string?>(StringComparer.Ordinal);
        int? replicas = null;
        foreach (var action in run)
        {
            switch (action)
            {
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

        return new CombinedReplicaSetPatch(target.Namespace, target.Name, annotations, replicas);
    }

    private static (string Namespace, string Name)? Target(PlanAction action) => action switch
    {
        SetReplicaSetAnnotation a => (a.Namespace, a.Name),
        ScaleReplicaSet s => (s.Namespace, s.Name),
        _ => null,
    };
}
