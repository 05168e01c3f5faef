using CanaryOperator.Runtime.Queue;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>The controller-runtime / client-go metric names operators and their dashboards expect.</summary>
public sealed class RuntimeMetrics
{
    public RuntimeMetrics(MetricsRegistry registry)
    {
        Registry = registry;
        ReconcileTotal = registry.Counter(
            "controller_runtime_reconcile_total", "Total number of reconciliations per controller", "controller", "result");
        ReconcileErrors = registry.Counter(
            "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", "controller");
        ReconcileTime = registry.Histogram(
            "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller",
            Histogram.ReconcileBuckets, "controller");
        ActiveWorkers = registry.Gauge(
            "controller_runtime_active_workers", "Number of currently used workers per controller", "controller");
        WorkQueueDepth = registry.Gauge("workqueue_depth", "Current depth of workqueue", "name");
        WorkQueueAdds = registry.Counter("workqueue_adds_total", "Total number of adds handled by workqueue", "name");
        WorkQueueRetries = registry.Counter("workqueue_retries_total", "Total number of retries handled by workqueue", "name");
        RestClientRequests = registry.Counter(
            "rest_client_requests_total", "Number of HTTP requests, partitioned by status code and method.", "code", "method");
        LeaderElectionMasterStatus = registry.Gauge(
            "leader_election_master_status",
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.", "name");
    }

    public MetricsRegistry Registry { get; }

    public Counter ReconcileTotal { get; }

    public Counter ReconcileErrors { get; }

    public Histogram ReconcileTime { get; }

    public Gauge ActiveWorkers { get; }

    public Gauge WorkQueueDepth { get; }

    public Counter WorkQueueAdds { get; }

    public Counter WorkQueueRetries { get; }

    public Counter RestClientRequests { get; }

    public Gauge LeaderElectionMasterStatus { get; }

    /// <summary>Samples the queue's depth and totals at every scrape under <c>name</c>.</summary>
    public void TrackQueue(string name, WorkQueue queue)
    {
        long addsSeen = 0;
        long retriesSeen = 0;
        var gate = new Lock();
        Registry.BeforeCollect(() =>
        {
            lock (gate)
            {
                WorkQueueDepth.WithLabels(name).Set(queue.Depth);
                var adds = queue.AddsTotal;
                var retries = queue.RetriesTotal;
                WorkQueueAdds.WithLabels(name).Inc(adds - addsSeen);
                WorkQueueRetries.WithLabels(name).Inc(retries - retriesSeen);
                addsSeen = adds;
                retriesSeen = retries;
            }
        });
    }
}
