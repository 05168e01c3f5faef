using System.Text.Json;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Steps;

/// <summary>
/// Step-position helpers of <c>utils/replicaset/canary.go</c> (§1.10, §2, §3.2, §3.6c): where the rollout is
/// in its steps and which weight / canary size that position asks for.
/// </summary>
public static class CanarySteps
{
    /// <summary>
    /// <c>GetCurrentCanaryStep</c>: (null, null) without steps; (null, index) once index ≥ len(steps);
    /// otherwise the step at <c>status.currentStepIndex</c> (nil index = 0).
    /// </summary>
    public static (CanaryStep? Step, int? Index) CurrentStep(Rollout rollout)
    {
        var steps = rollout.Spec.Strategy.Canary?.Steps;
        if (steps is null || steps.Count == 0)
        {
            return (null, null);
        }

        var index = rollout.Status?.CurrentStepIndex ?? 0;
        return index >= steps.Count || index < 0 ? (null, index) : (steps[index], index);
    }

    /// <summary>
    /// <c>GetCurrentSetWeight</c>: 0 when aborted; maxWeight when there is no current step (all done or no
    /// steps); else the last setWeight at or before the current index, 0 if none.
    /// </summary>
    public static int CurrentSetWeight(Rollout rollout)
    {
        if (rollout.Status?.Abort == true)
        {
            return 0;
        }

        var (step, index) = CurrentStep(rollout);
        if (step is null)
        {
            return TrafficWeightMath.MaxWeight(rollout);
        }

        var steps = rollout.Spec.Strategy.Canary!.Steps!;
        for (var i = index!.Value; i >= 0; i--)
        {
            if (steps[i].SetWeight is { } w)
            {
                return w;
            }
        }

        return 0;
    }

    /// <summary>
    /// <c>UseSetCanaryScale</c>: the most recent setCanaryScale at or before the current step, or null when it
    /// does not apply — no trafficRouting, aborted (unless abortScaleDownDelaySeconds is 0), no current step, or
    /// a later <c>matchTrafficWeight: true</c> cancelled it.
    /// </summary>
    public static SetCanaryScale? EffectiveSetCanaryScale(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (canary?.TrafficRouting is null)
        {
            return null;
        }

        if (rollout.Status?.Abort == true && AbortScaleDownDelay.SecondsOrNull(rollout) is not null)
        {
            return null;
        }

        var (step, index) = CurrentStep(rollout);
        if (step is null)
        {
            return null;
        }

        for (var i = index!.Value; i >= 0; i--)
        {
            var scs = canary.Steps![i].SetCanaryScale;
            if (scs is null)
            {
                continue;
            }

            return scs.MatchTrafficWeight == true ? null : scs;
        }

        return null;
    }

    /// <summary>
    /// <c>GetCanaryReplicasOrWeight</c> (§3.2): maxWeight when promoting fully, with no stable yet, or when
    /// fully promoted; else an effective setCanaryScale (replicas, or weight); else <see cref="DesiredWeight"/>.
    /// </summary>
    public static CanaryScale CanaryReplicasOrWeight(Rollout rollout, ReplicaSetState? newRS = null, ReplicaSetState? stableRS = null)
    {
        var status = rollout.Status;
        var stable = status?.StableRS ?? "";
        var current = status?.CurrentPodHash ?? "";
        if (status?.PromoteFull == true || stable.Length == 0 || current == stable)
        {
            return new CanaryScale(null, TrafficWeightMath.MaxWeight(rollout));
        }

        if (EffectiveSetCanaryScale(rollout) is { } scs)
        {
            if (scs.Replicas is { } replicas)
            {
                return new CanaryScale(replicas, 0);
            }

            if (scs.Weight is { } weight)
            {
                return new CanaryScale(null, weight);
            }
        }

        return new CanaryScale(null, DesiredWeight(rollout, newRS, stableRS));
    }

    /// <summary>
    /// <c>GetDesiredCanaryWeight</c>: <see cref="CurrentSetWeight"/>, except while aborting with
    /// dynamicStableScale (and both RSs known), where the weight walks back through the setWeight steps as the
    /// stable regains pods (§3.6c): canaryReplicas = R − stable.available (raised to canary.available unless
    /// abortScaleDownDelaySeconds is explicitly &gt; 0); the answer is the last step weight (from the end)
    /// whose ceil(w·R/M) is below that, else 0.
    /// </summary>
    public static int DesiredWeight(Rollout rollout, ReplicaSetState? newRS, ReplicaSetState? stableRS)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (rollout.Status?.Abort == true && canary?.DynamicStableScale == true && newRS is not null && stableRS is not null)
        {
            var replicas = DesiredReplicas.Of(rollout);
            var maxWeight = TrafficWeightMath.MaxWeight(rollout);
            var expectedCanary = replicas - stableRS.AvailableReplicas;
            var canaryReplicas = AbortScaleDownDelay.IsExplicitPositive(rollout)
                ? expectedCanary
                : Math.Max(expectedCanary, newRS.AvailableReplicas);
            var steps = canary.Steps ?? [];
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                if (steps[i].SetWeight is { } w && TrafficWeightMath.TrafficWeightToReplicas(replicas, w, maxWeight) < canaryReplicas)
                {
                    return w;
                }
            }

            return 0;
        }

        return CurrentSetWeight(rollout);
    }

    /// <summary>
    /// <c>BeforeStartingStep</c>: true while the current index is below <c>canary.analysis.startingStep</c>
    /// (background analysis not started yet); false without steps or without a startingStep.
    /// </summary>
    public static bool BeforeStartingStep(Rollout rollout)
    {
        var analysis = rollout.Spec.Strategy.Canary?.Analysis;
        if (analysis is not { ValueKind: JsonValueKind.Object } a
            || !a.TryGetProperty("startingStep", out var s)
            || !s.TryGetInt32(out var startingStep))
        {
            return false;
        }

        var (_, index) = CurrentStep(rollout);
        return index is { } i && i < startingStep;
    }

    /// <summary><c>ResetCurrentStepIndex</c>: 0 when the canary has steps, else null (no index at all).</summary>
    public static int? ResetCurrentStepIndex(Rollout rollout) =>
        rollout.Spec.Strategy.Canary?.Steps is { Count: > 0 } ? 0 : null;

    /// <summary>Steps hash of <paramref name="steps"/>; see <see cref="StepsHash"/>.</summary>
    public static string StepHash(IReadOnlyList<CanaryStep>? steps) => StepsHash.Compute(steps);

    /// <summary><c>conditions.ComputeStepHash</c>: "" unless the strategy is canary (and not blue-green).</summary>
    /// <param name="rollout">The Rollout.</param>
    /// <param name="memo">Remembers the hash per step list (only for Rollouts that are never edited in place); null = compute.</param>
    public static string StepHash(Rollout rollout, SpecHashMemo? memo = null)
    {
        var strategy = rollout.Spec.Strategy;
        if (strategy.BlueGreen is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } || strategy.Canary is null)
        {
            return "";
        }

        return memo is null ? StepsHash.Compute(strategy.Canary.Steps) : memo.Steps(strategy.Canary.Steps);
    }
}
