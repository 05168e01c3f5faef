using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// Runs workers that take keys from a <see cref="WorkQueue"/> and reconcile them: success forgets the key's
/// backoff (and requeues it after <see cref="ReconcileResult.RequeueDelay"/> when asked); an exception is logged with
/// the key and the key is retried with rate limiting, forever.
/// </summary>
public sealed class Controller
{
    private readonly IReconciler _reconciler;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private readonly TimeProvider _time;

    public Controller(
        ControllerOptions options,
        IReconciler reconciler,
        WorkQueue queue,
        ILogger? logger = null,
        RuntimeMetrics? metrics = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        Options = options;
        _reconciler = reconciler;
        Queue = queue;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _time = timeProvider ?? TimeProvider.System;
        if (_metrics is { } m)
        {
            m.TrackQueue(options.Name, queue);
            m.Registry.BeforeCollect(() => m.ActiveWorkers.WithLabels(Name).Set(Queue.ProcessingCount));
        }
    }

    public ControllerOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>Event handlers enqueue keys here.</summary>
    public WorkQueue Queue { get; }

    /// <summary>
    /// Runs the workers until <paramref name="cancellationToken"/> fires, then shuts the queue down and waits for
    /// in-flight reconciles (which see the same token) to finish.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Starting controller {Controller} with {Workers} workers", Name, Options.Workers);
        using var shutdown = cancellationToken.Register(Queue.ShutDown);
        var workers = Enumerable.Range(0, Options.Workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
        _logger.LogInformation("Stopped controller {Controller}", Name);
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false) is { } key)
        {
            try
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    continue;
                }

                await ReconcileOneAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(string key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        string result;
        try
        {
            var outcome = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (outcome.RequeueDelay is { } delay)
            {
                Queue.AddAfter(key, delay);
                result = outcome.Outcome ?? (delay > TimeSpan.Zero ? "requeue_after" : "requeue");
            }
            else
            {
                result = outcome.Outcome ?? "success";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down or leadership lost: not a failure of the key.
            result = "cancelled";
        }
        catch (Exception ex)
        {
            result = "error";
            _metrics?.ReconcileErrors.WithLabels(Name).Inc();
            _logger.LogError(ex, "{Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff",
                Name, key, Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }

        _metrics?.ReconcileTotal.WithLabels(Name, result).Inc();
        _metrics?.ReconcileTime.WithLabels(Name).Observe(_time.GetElapsedTime(started).TotalSeconds);
    }
}
