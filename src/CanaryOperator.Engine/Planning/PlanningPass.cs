using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;
using k8s.Models;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// One planning pass. Mirrors <c>rollout/controller.go:syncHandler</c> → <c>newRolloutContext</c> →
/// <c>rollout/context.go:reconcile</c> → <c>rollout/canary.go:rolloutCanary</c>, step by step and in that order (§0).
/// Split over several files by concern (traffic, scaling, status, ...). Mutable only while it runs.
/// </summary>
internal sealed partial class PlanningPass
{
    private readonly ClusterSnapshot snapshot;
    private readonly RolloutStatus persisted;
    private readonly List<PlanAction> actions = [];
    private readonly List<PlannedEvent> events = [];
    private readonly string ns;
    private readonly string name;
    private readonly int replicas;
    private readonly CanaryStrategy canary;
    private TimeSpan? requeueAfter;

    // "c.rollout": the Rollout as this pass sees it (an abort on a promoted rollout is dropped in memory, §0.1.5).
    private Rollout rollout;
    private V1PodTemplateSpec? template;
    private V1LabelSelector? selector;
    private long? workloadGeneration;
    private ReplicaSetState? newRS;
    private ReplicaSetState? stableRS;
    private List<ReplicaSetState> otherRSs = [];
    private List<ReplicaSetState> allRSs = [];

    // "c.newStatus.Canary.Weights": what traffic routing wrote this pass (null = not touched; the recorded weights stay).
    private TrafficWeights? newWeights;

    // The steps hash, computed once: the spec does not change within a pass and hashing writes the steps as Go JSON.
    private string? stepHash;

    public PlanningPass(ClusterSnapshot snapshot)
    {
        this.snapshot = snapshot;
        rollout = snapshot.Rollout;
        persisted = rollout.Status ?? new RolloutStatus();
        ns = snapshot.Namespace;
        name = rollout.Metadata.Name ?? "";
        replicas = DesiredReplicas.Of(rollout);
        canary = rollout.Spec.Strategy.Canary ?? new CanaryStrategy();
    }

    private RolloutStatus Current => rollout.Status ?? new RolloutStatus();

    private DateTimeOffset Now => snapshot.Now;

    private bool TrafficRouted => canary.TrafficRouting is not null;

    private bool DynamicStableScale => TrafficRouted && canary.DynamicStableScale == true;

    private int StepCount => canary.Steps?.Count ?? 0;

    private string StepHash => stepHash ??= CanarySteps.StepHash(rollout, snapshot.Hashes);

    private bool FullyPromoted => !string.IsNullOrEmpty(Current.StableRS) && Current.StableRS == Current.CurrentPodHash;

    /// <summary>§0.1: the order of Argo's syncHandler; each early end returns its plan.</summary>
    public Plan Run()
    {
        if (rollout.Metadata.DeletionTimestamp is not null)
        {
            return new Plan { Status = persisted };
        }

        var workload = snapshot.ResolveWorkload();
        if (workload.Error is not null)
        {
            return InvalidSpec(workload.Error);
        }

        template = workload.Template;
        selector = workload.Selector;
        workloadGeneration = workload.WorkloadGeneration;
        if (ReferenceValidation.FirstError(snapshot, template, selector) is { } invalid)
        {
            return InvalidSpec(invalid);
        }

        FindReplicaSets();
        if (newRS is null)
        {
            return CreateNewReplicaSet();
        }

        if (FullyPromoted && Current.Abort == true)
        {
            // newRolloutContext: aborting a fully promoted rollout is a no-op; the flag is dropped (§2.6).
            rollout = rollout with { Status = Current with { Abort = null, AbortedAt = null } };
        }

        if (rollout.Spec.Replicas is null)
        {
            // §0.1.6: write spec.replicas=1 so an HPA can scale it; the update triggers the next pass.
            return new Plan { Status = persisted, Actions = [new SetRolloutReplicas(ns, name, 1)] };
        }

        if (CheckPausedConditions() is { } pausedPlan)
        {
            return pausedPlan;
        }

        return IsScalingEvent() ? SyncReplicasOnly() : RolloutCanary();
    }

    /// <summary><c>rollout/canary.go:rolloutCanary</c> (§0.2).</summary>
    private Plan RolloutCanary()
    {
        if (PodTemplateOrStepsChanged())
        {
            return ResetForNewTemplateOrSteps();
        }

        if (ReconcilePodRestarts() is { } restarting)
        {
            return restarting;
        }

        ReconcileEphemeralMetadata();
        ReconcileRevisionHistoryLimit();
        ReconcileStableAndCanaryService();
        if (ReconcileTrafficRouting() is { } stop)
        {
            return new Plan
            {
                Status = persisted,
                Actions = PlannedActions(),
                Events = [.. events],
                Error = stop.IsWait ? null : stop.Message,
                Waiting = stop.IsWait ? stop.Message : null,
            };
        }

        var noScalingOccurred = ReconcileCanaryReplicaSets();
        if (noScalingOccurred)
        {
            ReconcileCanaryPause();
        }

        return SyncRolloutStatusCanary();
    }

    /// <summary><c>sync.go:isScalingEvent</c> (§3.9): the active new or stable RS was last sized for another spec.replicas.</summary>
    private bool IsScalingEvent()
    {
        foreach (var rs in new[] { newRS, stableRS }.Distinct())
        {
            if (rs is null || rs.SpecReplicas <= 0)
            {
                continue;
            }

            if (rs.Annotations.TryGetValue(RolloutAnnotations.DesiredReplicas, out var text)
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var desired)
                && desired != replicas)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>sync.go:syncReplicasOnly</c>: pod restarts, then resize ReplicaSets only (one per pass), persist counts; no traffic, no step
    /// progress, and no pause bookkeeping — a promote (pauseConditions nulled, controllerPause kept) made just
    /// before an HPA resize must survive until the step machine sees it.
    /// </summary>
    private Plan SyncReplicasOnly()
    {
        if (ReconcilePodRestarts() is { } restarting)
        {
            return restarting;
        }

        ReconcileCanaryReplicaSets();
        return FinishWithoutPauseBookkeeping(BaseStatus());
    }

    /// <summary><c>PodTemplateOrStepsChanged</c>; an empty recorded hash (first sight) counts as changed (§9.1 pass B).</summary>
    private bool PodTemplateOrStepsChanged() =>
        Current.CurrentPodHash != newRS!.PodTemplateHash || (Current.CurrentStepHash ?? "") != StepHash;

    private void Requeue(TimeSpan after)
    {
        if (after < TimeSpan.Zero)
        {
            after = TimeSpan.Zero;
        }

        if (requeueAfter is null || after < requeueAfter)
        {
            requeueAfter = after;
        }
    }

    private void Event(string type, string reason, string message) => events.Add(new PlannedEvent(type, reason, message));

    private string RolloutRevision() =>
        rollout.Metadata.Annotations is { } a && a.TryGetValue(RolloutAnnotations.Revision, out var r)
            ? r
            : (newRS?.Revision ?? 0).ToString(CultureInfo.InvariantCulture);
}
