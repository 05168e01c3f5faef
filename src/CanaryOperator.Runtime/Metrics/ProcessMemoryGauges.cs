namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// Memory gauges sampled at every scrape: the managed heap after the last collection (what the informer caches
/// cost) and the process working set (what the pod's memory limit sees). Names follow the
/// prometheus-net / OpenTelemetry .NET runtime conventions so that existing dashboards read them.
/// </summary>
public static class ProcessMemoryGauges
{
    public static void Register(MetricsRegistry registry)
    {
        var heap = registry.Gauge("dotnet_gc_heap_size_bytes", "Managed heap size after the last garbage collection, in bytes.");
        var committed = registry.Gauge("dotnet_gc_committed_bytes", "Memory the garbage collector has committed, in bytes.");
        var workingSet = registry.Gauge("process_working_set_bytes", "Process working set, in bytes.");
        registry.BeforeCollect(() =>
        {
            var info = GC.GetGCMemoryInfo();
            heap.Set(info.HeapSizeBytes);
            committed.Set(info.TotalCommittedBytes);
            workingSet.Set(Environment.WorkingSet);
        });
    }
}
