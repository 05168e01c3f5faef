using CanaryOperator.Adapters;
using CanaryOperator.Engine.Planning;
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
    ActionExecutor executor,
    RolloutStatusWriter statusWriter,
    EventRecorder events,
    CacheExpectations expectations,
    RolloutGauges gauges,
    DestinationRuleReleaser releaser,
    TimeProvider time,
    ILogger<RolloutController> logger,
    TimeSpan resyncPeriod) : IReconciler
{
    /// <summary>How soon to look again when the caches have not yet shown our previous writes.</summary>
    public static readonly TimeSpan CacheLagRetry = TimeSpan.FromMilliseconds(250);

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
            events.Forget(key);
            gauges.Remove(ns, name);
            await releaser.ReleaseAsync(ns, name, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (!expectations.Satisfied(key))
        {
            logger.LogDebug("Caches have not caught up with the last writes for {Namespace}/{Name}; waiting", ns, name);
            return ReconcileResult.RequeueAfter(CacheLagRetry);
        }

        var started = time.GetTimestamp();
        var plan = CanaryPlanner.Plan(_snapshots.Build(rollout, time.GetUtcNow()));
        var written = new List<WrittenObject>();
        try
        {
            foreach (var action in plan.Actions)
            {
                try
                {
                    if (await executor.ExecuteAsync(action, rollout.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false) is { } w)
                    {
                        written.Add(w);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new ReconcileFailedException($"{action.GetType().Name} failed: {ex.Message}", ex);
                }
            }

            foreach (var planned in plan.Events)
            {
                await events.RecordAsync(rollout, planned, cancellationToken).ConfigureAwait(false);
            }

            if (plan.Error is not null)
            {
                throw new ReconcileFailedException(plan.Error);
            }

            WrittenObject? status;
            try
            {
                status = await statusWriter.PersistAsync(ns, name, rollout.Status, plan.Status, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new ReconcileFailedException($"status patch failed: {ex.Message}", ex);
            }

            if (status is not null)
            {
                written.Add(status);
            }

            written.AddRange(await releaser.ReleaseAsync(ns, name, cancellationToken).ConfigureAwait(false));

            gauges.Set(ns, name, plan.Status);
            var level = written.Count > 0 ? LogLevel.Information : LogLevel.Debug;
            logger.Log(level,
                "Reconciled {Namespace}/{Name}: {Actions} actions, status {StatusWrite}, phase {Phase}, step {Step}, requeue {Requeue} ({Elapsed} ms)",
                ns, name, plan.Actions.Count, status is null ? "unchanged" : "patched", plan.Status.Phase, plan.Status.CurrentStepIndex,
                plan.RequeueAfter, (int)time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            expectations.Expect(key, written);
        }

        var next = plan.RequeueAfter is { } after && after < resyncPeriod ? after : resyncPeriod;
        return ReconcileResult.RequeueAfter(next < TimeSpan.Zero ? TimeSpan.Zero : next);
    }
}
