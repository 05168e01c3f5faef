using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Restarts;

namespace CanaryOperator.Engine.Planning;

/// <summary>Pod restarts (§2.11, <c>rollout/restart.go:RolloutPodRestarter.Reconcile</c>).</summary>
internal sealed partial class PlanningPass
{
    /// <summary>Argo's <c>restartPodCheckTime</c>: look again this soon while old pods remain.</summary>
    private static readonly TimeSpan RestartPodCheckTime = TimeSpan.FromSeconds(30);

    // SetRestartedAt was called: the status records spec.restartAt as done (a finished restart, or a new template).
    private bool restartSettled;

    /// <summary>
    /// Wakes the Rollout when a restartAt ahead falls due; when one is due, evicts the pods created before it that the
    /// disruption budget allows (<see cref="PodRestartPlanner"/>). Returns the plan that ends the pass when pods were
    /// evicted: the ReplicaSets' availability does not count them yet, so scaling in the same pass could take more pods
    /// down than allowed (§0.2.2; no status either — the next pass, on fresh counts, writes it). When no old pod is left it
    /// records <c>status.restartedAt = spec.restartAt</c> and the pass goes on.
    /// </summary>
    private Plan? ReconcilePodRestarts()
    {
        if (RestartSchedule.UntilDue(rollout, Now) is { } wait)
        {
            Requeue(wait);
        }

        // PodObservation.Needed is the same predicate, so a due restart always comes with the pods listed.
        if (!RestartSchedule.IsDue(rollout, Now) || snapshot.Pods is not { } pods)
        {
            return null;
        }

        var decision = PodRestartPlanner.Decide(
            RestartSchedule.Parse(rollout.Spec.RestartAt)!.Value,
            pods,
            allRSs,
            stableRS?.Name,
            newRS?.Name,
            replicas,
            Fenceposts.MaxUnavailable(rollout),
            rollout.Spec.MinReadySeconds ?? 0,
            Now);
        if (decision.Done)
        {
            restartSettled = true;
            return null;
        }

        Requeue(RestartPodCheckTime);
        if (decision.Evict.Count == 0)
        {
            return null;
        }

        foreach (var pod in decision.Evict)
        {
            actions.Add(new EvictPod(ns, pod.Name));
        }

        return new Plan { Status = persisted, Actions = PlannedActions(), Events = [.. events], RequeueAfter = requeueAfter };
    }
}
