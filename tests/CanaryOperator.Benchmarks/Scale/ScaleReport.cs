using System.Globalization;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>What one <c>scale</c> run measured, printed as key = value lines for docs/benchmarks.md.</summary>
internal sealed class ScaleReport(int rollouts, double qps, int burst, int workers)
{
    public TimeSpan PopulateTime { get; set; }

    public long EmulatorRssAfterPopulate { get; set; }

    public TimeSpan CloneTime { get; set; }

    public TimeSpan SettleTime { get; set; }

    public ClusterState? FinalState { get; set; }

    public long RssAtFirstFullPass { get; set; }

    public double? ManagedHeapAtFirstFullPass { get; set; }

    public double? ManagedHeapSteady { get; set; }

    public IReadOnlyList<string> SettleWrites { get; set; } = [];

    public TimeSpan TimeToReady { get; set; }

    public TimeSpan TimeToFirstFullPass { get; set; }

    public long RssAtReady { get; set; }

    public long RssSteady { get; set; }

    public long RssPeak { get; set; }

    public double Reconciles { get; set; }

    public double ReconcileSeconds { get; set; }

    /// <summary>The measured operator's <c>--resync-period</c> in seconds; null = its default (15 min), not waited for.</summary>
    public int? ResyncSeconds { get; init; }

    /// <summary>From the first full pass until every Rollout had been reconciled again (reconciles ≥ 2N).</summary>
    public TimeSpan? ResyncObservedAfter { get; set; }

    /// <summary>From the first full pass to the end of the steady window.</summary>
    public TimeSpan SteadyWindow { get; set; }

    /// <summary>Reconciles inside the steady window, by the <c>result</c> label.</summary>
    public IReadOnlyDictionary<string, double> SteadyReconcilesByResult { get; set; } = new Dictionary<string, double>();

    public IReadOnlyList<string> MeasuredCalls { get; set; } = [];

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"rollouts = {rollouts}; qps = {qps}; burst = {burst}; workers = {workers}"));
        output.WriteLine(string.Create(c, $"template Rollout: created in {PopulateTime.TotalSeconds:F1} s; settled by the operator (adoption, new image, promote --full, old ReplicaSet scaled to 0) in {SettleTime.TotalSeconds:F1} s"));
        output.WriteLine(string.Create(c, $"cloned into {rollouts - 1} more namespaces in {CloneTime.TotalSeconds:F1} s; emulator RSS after = {Mb(EmulatorRssAfterPopulate)} MB; cluster: {FinalState}"));
        foreach (var line in SettleWrites)
        {
            output.WriteLine("  settle calls: " + line);
        }

        output.WriteLine(string.Create(c, $"measured run: time to /readyz = {TimeToReady.TotalSeconds:F2} s; time to first full pass (reconciles >= N) = {TimeToFirstFullPass.TotalSeconds:F2} s"));
        output.WriteLine(string.Create(c, $"measured run: RSS at ready = {Mb(RssAtReady)} MB; RSS steady (+{SteadyWindow.TotalSeconds:F0} s) = {Mb(RssSteady)} MB; RSS peak (VmHWM) = {Mb(RssPeak)} MB; steady bytes per Rollout = {RssSteady / Math.Max(1, rollouts)}"));
        output.WriteLine(string.Create(c, $"measured run: RSS at first full pass = {Mb(RssAtFirstFullPass)} MB; managed heap (dotnet_gc_heap_size_bytes) at first full pass = {Mb((long)(ManagedHeapAtFirstFullPass ?? -1))} MB, steady = {Mb((long)(ManagedHeapSteady ?? -1))} MB"));
        output.WriteLine(string.Create(c, $"measured run: reconciles = {Reconciles}; mean reconcile = {(Reconciles > 0 ? ReconcileSeconds / Reconciles * 1000 : 0):F2} ms"));
        var resync = ResyncSeconds is { } s
            ? string.Create(c, $"resync period {s} s; every Rollout reconciled again {ResyncObservedAfter?.TotalSeconds:F1} s after the first full pass")
            : "resync period 15 min (default; not waited for)";
        var byResult = string.Join(", ", SteadyReconcilesByResult.Select(p => string.Create(c, $"{p.Key} {p.Value}")));
        output.WriteLine(string.Create(c, $"measured run: steady window {SteadyWindow.TotalSeconds:F1} s after the first full pass ({resync}); reconciles in it: {SteadyReconcilesByResult.Values.Sum()} ({byResult})"));
        var writes = 0;
        foreach (var line in MeasuredCalls)
        {
            output.WriteLine("  measured calls: " + line);
            var parts = line.Split(' ');
            if (parts.Length >= 2 && parts[1] is "create" or "update" or "patch" or "delete" or "deletecollection")
            {
                writes += int.Parse(parts[0], c);
            }
        }

        output.WriteLine(string.Create(c, $"measured run: writes from start to +{SteadyWindow.TotalSeconds:F0} s after the first full pass = {writes}"));
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}
