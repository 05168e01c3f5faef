using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// The heart of the operator: a pure, deterministic function from a <see cref="ClusterSnapshot"/> to the ordered
/// writes, the desired status, the Events and the next wake-up of ONE pass of Argo's <c>syncHandler</c>
/// (§0 of canary-semantics.md). Same snapshot in, same plan out; no clock, no I/O.
/// </summary>
public static class CanaryPlanner
{
    public static Plan Plan(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PlanningPass(snapshot).Run();
    }
}
