using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Benchmarks.Planner;

/// <summary>Prints the benchmark snapshots' shape and the plan of one pass, so a reader can check what is measured.</summary>
internal static class PlannerDescription
{
    public static int Print()
    {
        Describe("simple (seed, paused)", BenchmarkSnapshots.Simple());
        Describe("complex (rescaled)", BenchmarkSnapshots.Complex());
        return 0;
    }

    private static void Describe(string name, ClusterSnapshot snapshot)
    {
        var plan = CanaryPlanner.Plan(snapshot);
        var status = snapshot.Rollout.Status;
        Console.WriteLine($"{name}: replicaSets={snapshot.ReplicaSets.Count} virtualServices={snapshot.VirtualServices.Count} " +
            $"step={status?.CurrentStepIndex} stable={status?.StableRS} current={status?.CurrentPodHash} paused={status?.PauseConditions?.Count ?? 0}");
        Console.WriteLine($"  rollout: spec.replicas={snapshot.Rollout.Spec.Replicas} generation={snapshot.Rollout.Metadata.Generation} observedGeneration={status?.ObservedGeneration} " +
            $"weights: canary={status?.Canary?.Weights?.Canary?.Weight} stable={status?.Canary?.Weights?.Stable?.Weight} specPaused={snapshot.Rollout.Spec.Paused} controllerPause={status?.ControllerPause} phase={status?.Phase}");
        foreach (var rs in snapshot.ReplicaSets.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            Console.WriteLine($"  replicaSet {rs.Name}: replicas={rs.SpecReplicas} available={rs.AvailableReplicas} desired-replicas={rs.Annotations.GetValueOrDefault(CanaryOperator.Api.Rollouts.RolloutAnnotations.DesiredReplicas)}");
        }

        foreach (var e in plan.Events)
        {
            Console.WriteLine($"  event: {e.Reason}: {e.Message}");
        }

        Console.WriteLine($"  plan: actions=[{string.Join(", ", plan.Actions.Select(a => a.GetType().Name))}] events={plan.Events.Count} error={plan.Error ?? "none"} waiting={plan.Waiting ?? "none"} requeue={plan.RequeueAfter}");
    }
}
