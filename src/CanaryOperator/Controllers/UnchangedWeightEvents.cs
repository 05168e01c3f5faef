using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;

namespace CanaryOperator.Controllers;

/// <summary>
/// Drops a <c>TrafficWeightUpdated</c> Event for a reconcile that left the canary weight where it was. The planner
/// follows Argo, which records the event whenever <c>status.canary.weights</c> is first filled in, so adopting a
/// Rollout said "Traffic weight updated from 0 to 0": an Event (one API write) for a transition that did not happen.
/// </summary>
public static class UnchangedWeightEvents
{
    public static IEnumerable<PlannedEvent> Without(IEnumerable<PlannedEvent> events, RolloutStatus? before, RolloutStatus after)
    {
        var unchanged = (before?.Canary?.Weights?.Canary.Weight ?? 0) == (after.Canary?.Weights?.Canary.Weight ?? 0);
        return unchanged ? events.Where(e => e.Reason != EventReasons.TrafficWeightUpdated) : events;
    }
}
