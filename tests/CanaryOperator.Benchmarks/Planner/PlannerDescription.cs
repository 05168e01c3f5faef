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
        Console.WriteLine($"  plan: actions=[{string.Join(", ", plan.Actions.Select(a => a.GetType().Name))}] events={plan.Events.Count} error={plan.Error ?? "none"} waiting={plan.Waiting ?? "none"} requeue={plan.RequeueAfter}");
    }
}
