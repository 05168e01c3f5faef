using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Observe;
using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace CanaryOperator.Controllers;

/// <summary>
/// The Rollout reconciler: observe (caches → snapshot) → plan (pure engine) → execute (adapters, in order, stop at
/// the first failure) → persist (one status merge patch, skipped when unchanged). Everything it needs to continue is
/// in the cluster, so a fresh process converges to the same result.
/// </summary>
public sealed class RolloutController(
    OperatorCaches caches,
    RolloutPods pods,
    ActionExecutor executor,
    RolloutStatusWriter statusWriter,
    EventRecorder events,
    CacheExpectations expectations,
    RolloutGauges gauges,
    DestinationRuleReleaser releaser,
    DeferredStatuses deferred,
    TimeProvider time,
    ILogger<RolloutController> logger,
    TimeSpan resyncPeriod) : IReconciler
{
    /// <summary>
    /// How soon to look again when the caches have not yet shown our previous writes. A fallback: the cache event that
    /// satisfies the expectation enqueues the Rollout at once (<see cref="CacheExpectations.WakeWaitingRolloutsOnChange"/>).
    /// </summary>
    public static readonly TimeSpan CacheLagRetry = TimeSpan.FromMilliseconds(250);

    /// <summary>The <c>result</c> label of <c>controller_runtime_reconcile_total</c> for that early return.</summary>
    public const string CacheLagOutcome = "cache_lag";

    /// <summary>
    /// How soon to look again while a pass waits (<see cref="Plan.Waiting"/>). A fallback: the ReplicaSet status change
    /// that ends the wait enqueues the Rollout (its owner) at once; this bounds a long wait (pods that never become
    /// ready) to one cache-only reconcile per period instead of Argo's error backoff, which grows to minutes.
    /// </summary>
    public static readonly TimeSpan WaitRetry = TimeSpan.FromSeconds(5);

    /// <summary>The <c>result</c> label of <c>controller_runtime_reconcile_total</c> for a pass that stopped to wait.</summary>
    public const string WaitingOutcome = "waiting";

    /// <summary>A bound on status-only passes chained in one reconcile (the planner reaches a fixed point in 2 or 3).</summary>
    public const int MaxChainedPasses = 8;

    private readonly SnapshotBuilder _snapshots = new(caches);

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Split(key);
        ns ??= "default";
        var reconcileId = Guid.NewGuid().ToString("N")[..12];
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Namespace"] = ns, ["Name"] = name, ["ReconcileId"] = reconcileId });

        var rollout = caches.Rollouts.Get(ns, name);
        if (rollout is null)
        {
            // Level-based: not in the cache means deleted; owned ReplicaSets go with it through garbage collection.
            logger.LogDebug("Rollout {Namespace}/{Name} is gone", ns, name);
            expectations.Forget(key);
            deferred.Forget(key);
            events.Forget(key);
            gauges.Remove(ns, name);
            await releaser.ReleaseAsync(ns, name, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (!expectations.Satisfied(key))
        {
            logger.LogDebug("Caches have not caught up with the last writes for {Namespace}/{Name}; waiting", ns, name);
            return ReconcileResult.RequeueAfter(CacheLagRetry, CacheLagOutcome);
        }

        // Read again: the cache may have taken in our last writes while they were being checked, and the pass must plan
        // from (and guard its Rollout writes with) the version that satisfied the check, not the one read before it —
        // an older read replans what the last pass already wrote (a no-op status patch, repeated Events) and sends
        // the revision annotation with a stale resourceVersion (a 409).
        rollout = caches.Rollouts.Get(ns, name) ?? rollout;

        var started = time.GetTimestamp();
        var persisted = rollout.Status;
        var working = deferred.Take(key, rollout.Metadata.ResourceVersion) is { } held ? rollout with { Status = held } : rollout;
        var (planned, plannedEvents, passes, settled) = PlanUntilAWriteIsNeeded(await ObserveAsync(working, time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
        var plan = planned.Plan;
        working = planned.Working;
        var written = new List<WrittenObject>();
        var statusWrite = "unchanged";
        try
        {
            var rolloutVersion = rollout.Metadata.ResourceVersion;
            if (plan.Actions.Count > 0 || plan.Error is not null || plan.Waiting is not null)
            {
                // The actions were planned from the status of the passes before this one: put it in the cluster first, so
                // no write ever sits there without the status it was planned from.
                if (working.Status is { } chained
                    && await PersistAsync(ns, name, persisted, chained, cancellationToken).ConfigureAwait(false) is { } flushed)
                {
                    written.Add(flushed);
                    rolloutVersion = flushed.ResourceVersion;
                    persisted = chained;
                    statusWrite = "patched";
                }
            }

            foreach (var action in ReplicaSetPatchCoalescing.Coalesce(plan.Actions))
            {
                try
                {
                    if (await executor.ExecuteAsync(action, rolloutVersion, cancellationToken).ConfigureAwait(false) is { } w)
                    {
                        written.Add(w);
                        if (w.Kind == WrittenObject.Rollout)
                        {
                            rolloutVersion = w.ResourceVersion;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new ReconcileFailedException($"{action.GetType().Name} failed: {ex.Message}", ex);
                }
            }

            // Queued for the recorder's background senders: the reconcile does not wait for Events.
            foreach (var plannedEvent in plannedEvents)
            {
                events.Record(rollout, plannedEvent);
            }

            if (plan.Error is not null)
            {
                throw new ReconcileFailedException(plan.Error);
            }

            if (plan.Waiting is not null)
            {
                // An expected state, not a failure (§5.4): no status write in this pass (as Argo, which returns it as an
                // error), no error log, metric or backoff.
                logger.Log(written.Count > 0 ? LogLevel.Information : LogLevel.Debug,
                    "Waiting on {Namespace}/{Name}: {Reason}; {Actions} actions, status not written, looking again on the next change or in {Retry} ({Elapsed} ms)",
                    ns, name, plan.Waiting, plan.Actions.Count, WaitRetry, (int)time.GetElapsedTime(started).TotalMilliseconds);
                return ReconcileResult.RequeueAfter(WaitRetry < resyncPeriod ? WaitRetry : resyncPeriod, WaitingOutcome);
            }

            if (plan.Actions.Count > 0 && StatusMergePatch.Between(persisted, plan.Status) is not null)
            {
                // The writes above trigger the next pass at once (their watch events); it plans from this status and
                // persists it together with its own.
                deferred.Defer(key, plan.Status, rolloutVersion);
                statusWrite = "deferred";
            }
            else if (!(settled && ReferenceEquals(working.Status, persisted))
                     && await PersistAsync(ns, name, persisted, plan.Status, cancellationToken).ConfigureAwait(false) is { } status)
            {
                written.Add(status);
                statusWrite = "patched";
            }

            written.AddRange(await releaser.ReleaseAsync(ns, name, cancellationToken).ConfigureAwait(false));

            gauges.Set(ns, name, plan.Status);
            var level = written.Count > 0 ? LogLevel.Information : LogLevel.Debug;
            logger.Log(level,
                "Reconciled {Namespace}/{Name}: {Passes} passes, {Actions} actions, status {StatusWrite}, phase {Phase}, step {Step}, requeue {Requeue} ({Elapsed} ms)",
                ns, name, passes, plan.Actions.Count, statusWrite, plan.Status.Phase, plan.Status.CurrentStepIndex,
                plan.RequeueAfter, (int)time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            expectations.Expect(key, written);
        }

        if (statusWrite == "deferred")
        {
            return ReconcileResult.RequeueAfter(TimeSpan.Zero);
        }

        var next = plan.RequeueAfter is { } after && after < resyncPeriod ? after : resyncPeriod;
        return ReconcileResult.RequeueAfter(next < TimeSpan.Zero ? TimeSpan.Zero : next);
    }

    /// <summary>
    /// The observe step: the caches into a snapshot, plus — only when this pass needs them — the Rollout's pods,
    /// listed once (they are not cached; a steady-state reconcile makes no call here).
    /// </summary>
    private async Task<ClusterSnapshot> ObserveAsync(Rollout working, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = _snapshots.Build(working, now);
        try
        {
            return await pods.ListIfNeededAsync(snapshot, cancellationToken).ConfigureAwait(false) is { } listed
                ? snapshot with { Pods = listed }
                : snapshot;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ReconcileFailedException($"listing pods failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Plans, and while a pass only changes the status (no action, no error, no wait) plans again from that status in memory:
    /// a status write changes nothing else the planner reads, so the chained passes decide exactly what the passes
    /// after each status patch would have decided, and their statuses reach the cluster as ONE patch. The pods observed
    /// for the first pass serve the chained ones (a status write does not change pods). Returns the last plan, the
    /// Rollout it was planned from, every pass's events in order, the number of passes, and whether the last plan's
    /// status was found equal to the status it was planned from (then persisting it would compare the same two again).
    /// </summary>
    private (PlannedFrom Plan, List<PlannedEvent> Events, int Passes, bool Settled) PlanUntilAWriteIsNeeded(ClusterSnapshot first)
    {
        var plannedEvents = new List<PlannedEvent>();
        var snapshot = first;
        for (var pass = 1; ; pass++)
        {
            var working = snapshot.Rollout;
            var plan = CanaryPlanner.Plan(snapshot);
            plannedEvents.AddRange(plan.Events);
            if (plan.Actions.Count > 0 || plan.Error is not null || plan.Waiting is not null || pass == MaxChainedPasses)
            {
                return (new PlannedFrom(plan, working), plannedEvents, pass, false);
            }

            if (StatusMergePatch.Between(working.Status, plan.Status) is null)
            {
                return (new PlannedFrom(plan, working), plannedEvents, pass, true);
            }

            snapshot = _snapshots.Build(working with { Status = plan.Status }, first.Now, first.Pods);
        }
    }

    private async Task<WrittenObject?> PersistAsync(string ns, string name, RolloutStatus? cached, RolloutStatus desired, CancellationToken cancellationToken)
    {
        try
        {
            return await statusWriter.PersistAsync(ns, name, cached, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ReconcileFailedException($"status patch failed: {ex.Message}", ex);
        }
    }

    /// <summary>A plan and the Rollout (with the status chained in memory) it was planned from.</summary>
    private sealed record PlannedFrom(Plan Plan, Rollout Working);
}
