using CanaryOperator.Adapters;
using CanaryOperator.Controllers;
using CanaryOperator.Observe;
using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Hosting;

/// <summary>
/// The whole operator as one startable, stoppable object, with no process-level assumptions: the <c>run</c> command
/// hosts it, and tests, <c>simulate</c> and benchmarks run the REAL operator against an emulator with it. The given
/// <see cref="TimeProvider"/> drives the informers' backoff and watch timeouts, the work queue's delays (pauses,
/// scale-down deadlines, backoff) and the planner's "now", so a virtual clock runs a rollout in milliseconds.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Clock = clock });
/// await using var op = OperatorHost.Build(new OperatorOptions(), emulator.CreateClient(), clock);
/// await op.StartAsync(ct);
/// await op.WaitForSyncAsync(ct);
/// // ... apply manifests, advance the clock, assert ...
/// await op.StopAsync(ct);
/// </code>
/// </example>
public sealed class OperatorHost : IAsyncDisposable
{
    private readonly ControllerHost _runner;
    private bool _started;
    private bool _stopped;

    private OperatorHost(
        OperatorCaches caches, WorkQueue queue, Controller controller, ControllerHost runner, RuntimeMetrics metrics, EventRecorder events)
    {
        Caches = caches;
        Queue = queue;
        Controller = controller;
        _runner = runner;
        Metrics = metrics;
        Events = events;
    }

    public OperatorCaches Caches { get; }

    public WorkQueue Queue { get; }

    public Controller Controller { get; }

    public RuntimeMetrics Metrics { get; }

    public EventRecorder Events { get; }

    /// <summary>Readiness (caches synced) and liveness for the probes.</summary>
    public RuntimeHealth Health => _runner.Health;

    /// <summary>True while workers run (caches synced and this replica leads).</summary>
    public bool Running => _runner.ControllersRunning;

    /// <summary>
    /// No key waiting or being reconciled right now (delayed requeues do not count) and no Event waiting to be sent, so
    /// tests and <c>simulate</c> that settle on it see every Event a reconcile recorded.
    /// </summary>
    public bool IsIdle => Queue.Depth == 0 && Queue.ProcessingCount == 0 && Events.Pending == 0;

    /// <summary>How long <see cref="StopAsync"/> lets buffered Events go out after the workers stopped.</summary>
    public static readonly TimeSpan EventFlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Wires caches, queue, controller, adapters and leader election. <paramref name="client"/> is used as given; put
    /// <see cref="RestClientMetricsHandler"/> and rate limiting into it when building it (see <see cref="ClientFactory"/>).
    /// </summary>
    public static OperatorHost Build(
        OperatorOptions options,
        IKubernetes client,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        RuntimeMetrics? metrics = null,
        ILeadershipLostHandler? onLeadershipLost = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        metrics ??= new RuntimeMetrics(new MetricsRegistry());
        var istio = IstioResources.For(options.IstioApiVersion);

        var caches = new OperatorCaches(client, new CacheSettings
        {
            Namespaces = options.Namespaces,
            Istio = istio,
            Time = time,
            MinWatchTimeout = options.MinWatchTimeout,
            MaxWatchTimeout = options.MaxWatchTimeout,
        }, loggerFactory);

        var events = new EventRecorder(
            client, OperatorOptions.ReportingController, options.Identity, time, loggerFactory.CreateLogger<EventRecorder>(), metrics.Registry);
        var expectations = new CacheExpectations(caches, time);
        var reconciler = new RolloutController(
            caches,
            new RolloutPods(client),
            new ActionExecutor(client, istio, loggerFactory.CreateLogger<PodEvictor>()),
            new RolloutStatusWriter(client),
            events,
            expectations,
            new RolloutGauges(metrics.Registry),
            new DestinationRuleReleaser(caches, new DestinationRuleWriter(client, istio)),
            new DeferredStatuses(),
            time,
            loggerFactory.CreateLogger<RolloutController>(),
            options.ResyncPeriod);

        var queue = new WorkQueue(DefaultControllerRateLimiter.Create(time), time);
        var controller = new Controller(
            new ControllerOptions { Name = options.ControllerName, Workers = options.Workers },
            reconciler, queue, loggerFactory.CreateLogger<Controller>(), metrics, time);
        caches.EnqueueRolloutsOnChange(queue.Add);
        expectations.WakeWaitingRolloutsOnChange(queue.Add);

        ILeaderElection election = options.LeaderElect
            ? new LeaseLeaderElection(
                new LeaderElectionOptions
                {
                    LeaseName = options.LeaseName,
                    LeaseNamespace = options.LeaseNamespace
                        ?? throw new ArgumentException("leader election needs the operator's namespace (POD_NAMESPACE)", nameof(options)),
                    Identity = options.Identity,
                    LeaseDuration = options.LeaseDuration,
                    RenewDeadline = options.RenewDeadline,
                    RetryPeriod = options.RetryPeriod,
                },
                LeaseLeaderElection.CreateLeaseLock(client, new LeaderElectionOptions
                {
                    LeaseName = options.LeaseName,
                    LeaseNamespace = options.LeaseNamespace,
                    Identity = options.Identity,
                }),
                onLeadershipLost ?? new LogOnlyLeadershipLost(loggerFactory.CreateLogger<OperatorHost>()),
                metrics,
                loggerFactory.CreateLogger<LeaseLeaderElection>())
            : new AlwaysLeader();

        var informers = caches.All;
        var runner = new ControllerHost(informers, [controller], election, new RuntimeHealth(informers), loggerFactory.CreateLogger<ControllerHost>());
        return new OperatorHost(caches, queue, controller, runner, metrics, events);
    }

    /// <summary>Starts informers, leader election and (once synced and leading) the workers; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        return _runner.StartAsync(cancellationToken);
    }

    /// <summary>Completes when every cache has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Caches.All.Select(i => i.WaitForSyncAsync(cancellationToken)));

    /// <summary>Stops the workers (in-flight reconciles see cancellation) and the informers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started || _stopped)
        {
            return;
        }

        _stopped = true;
        await _runner.StopAsync(cancellationToken).ConfigureAwait(false);

        // The workers are done: send what they recorded (client-go's broadcaster flushes on Shutdown too), within a
        // bound so a dead API server cannot hold the process.
        using var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flush.CancelAfter(EventFlushTimeout);
        await Events.ShutdownAsync(flush.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Events.DisposeAsync().ConfigureAwait(false);
        _runner.Dispose();
        Queue.Dispose();
    }

    private sealed class LogOnlyLeadershipLost(ILogger logger) : ILeadershipLostHandler
    {
        public void OnLeadershipLost() => logger.LogError("Leadership lost; the embedding application must stop this operator");
    }
}
