using System.Diagnostics;
using System.Globalization;
using CanaryOperator.Benchmarks.Planner;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// <c>scale --rollouts N [--qps 40 --burst 80 --workers 8 --steady-seconds 30 --resync-seconds S --react 1,100,1000
/// --settle-qps 1000 --settle-burst 2000 --operator PATH]</c>: starts the emulator (own process), creates one Rollout, lets a first
/// operator process bring it to a completed rollout twice (two ReplicaSets), stops it, copies that Rollout's objects
/// into N-1 more namespaces (<see cref="PopulationCloner"/>), then starts a second operator process on that cluster and measures figures 1–3 on it: resident memory
/// (peak, steady) and managed heap, time to /readyz and to the first full pass (reconciles ≥ N), and every API call
/// it makes; then, with <c>--react</c>, figure 4 on the same process. With <c>--resync-seconds S</c> the measured operator
/// runs with <c>--resync-period Ss</c> and the steady window lasts until every Rollout has been reconciled again
/// (figure 3 over a full resync), and at least <c>--steady-seconds</c>.
/// </summary>
internal static class ScaleCommand
{
    private static readonly TimeSpan Fine = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Coarse = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(CommandArgs args)
    {
        var rollouts = args.Int("rollouts", 100);
        var parallelism = args.Int("parallelism", 16);
        var qps = args.Double("qps", 40);
        var burst = args.Int("burst", 80);
        var settleQps = args.Double("settle-qps", Math.Max(qps, 1000));
        var settleBurst = args.Int("settle-burst", Math.Max(burst, 2000));
        var workers = args.Int("workers", 8);
        var steadySeconds = args.Int("steady-seconds", 30);
        var resyncSeconds = args.Get("resync-seconds") is { } resyncText ? int.Parse(resyncText, CultureInfo.InvariantCulture) : (int?)null;
        var reactions = (args.Get("react") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(m => int.Parse(m, CultureInfo.InvariantCulture)).ToList();
        var operatorDll = args.Get("operator") ?? Path.Combine(RepoRoot.Find(), "src", "CanaryOperator", "bin", "Release", "net10.0", "canary-operator.dll");
        var work = Directory.CreateTempSubdirectory("canary-bench-").FullName;
        var report = new ScaleReport(rollouts, qps, burst, workers) { ResyncSeconds = resyncSeconds };

        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(work, "kubeconfig")).ConfigureAwait(false);
        using var client = BenchClient.Create(emulator.Kubeconfig);
        await Population.CreateCrdsAsync(client).ConfigureAwait(false);
        report.PopulateTime = await Population.CreateAsync(client, 1, parallelism).ConfigureAwait(false);

        // Settle run on the template Rollout (namespace 0). Revision 1: the operator adopts it (stable ReplicaSet,
        // DestinationRule pinned, status). Revision 2: a new image, then `promote --full`, so that it ends with two
        // ReplicaSets (the old one scaled to 0 after scaleDownDelaySeconds) as in a real cluster.
        var settle = Stopwatch.StartNew();
        using (var first = OperatorProcess.Start(operatorDll, emulator.Kubeconfig, FreePort(), settleQps, settleBurst, workers, Path.Combine(work, "operator-settle.log")))
        {
            await DriverActions.WaitAsync(
                async () => await ClusterState.ReadAsync(emulator, 1).ConfigureAwait(false) is { Settled: 1, ActiveReplicaSets: 1 },
                TimeSpan.FromMinutes(10), first, Coarse).ConfigureAwait(false);
            await DriverActions.SetImagesAsync(client, [0], Population.SecondImage, 1).ConfigureAwait(false);
            await DriverActions.PromoteFullUntilAsync(
                client, emulator, s => s is { Settled: 1, ReplicaSets: 2, ActiveReplicaSets: 1 }, 2, first, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        }

        report.SettleTime = settle.Elapsed;
        report.SettleWrites = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);

        // The other N-1 Rollouts: copies of the settled one, made inside the emulator process (see PopulationCloner).
        var cloned = await emulator.CommandAsync(string.Create(CultureInfo.InvariantCulture, $"clone {rollouts}")).ConfigureAwait(false);
        report.CloneTime = TimeSpan.FromSeconds(double.Parse(cloned.Single(), CultureInfo.InvariantCulture));
        report.FinalState = await ClusterState.ReadAsync(emulator, 2).ConfigureAwait(false);
        report.EmulatorRssAfterPopulate = ProcessMemory.Rss(emulator.ProcessId);
        await emulator.CommandAsync("audit-clear").ConfigureAwait(false);

        // Run 2: a fresh operator process on the steady cluster: the measured one.
        using var measured = OperatorProcess.Start(
            operatorDll, emulator.Kubeconfig, FreePort(), qps, burst, workers, Path.Combine(work, "operator-measured.log"), resyncSeconds);
        await DriverActions.WaitAsync(measured.IsReadyAsync, TimeSpan.FromMinutes(10), measured, Fine).ConfigureAwait(false);
        report.TimeToReady = measured.Started.Elapsed;
        report.RssAtReady = measured.Memory().Rss;
        // /metrics once a second, not every 50 ms: at N = 10,000 one answer is megabytes, and scraping it 20 times a
        // second made the operator's heap (and so figure 1) mostly the driver's own garbage (docs/benchmarks.md,
        // "Profiling (issue 8)"). /readyz above is a few bytes and keeps the fine poll.
        await DriverActions.WaitAsync(async () => await measured.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) >= rollouts, TimeSpan.FromMinutes(10), measured, Coarse).ConfigureAwait(false);
        report.TimeToFirstFullPass = measured.Started.Elapsed;
        report.RssAtFirstFullPass = measured.Memory().Rss;
        report.ManagedHeapAtFirstFullPass = await measured.MetricSumAsync("dotnet_gc_heap_size_bytes").ConfigureAwait(false);
        var steady = Stopwatch.StartNew();
        var atFirstFullPass = await ReconcilesByResultAsync(measured).ConfigureAwait(false);
        if (resyncSeconds is { } resync)
        {
            // A full resync has happened once every Rollout has been reconciled a second time: nothing changes in the
            // steady cluster, so the only trigger is each Rollout's resync requeue (counted, not assumed: the window
            // ends on the count, whatever the load makes of the period).
            await DriverActions.WaitAsync(
                async () => await measured.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) >= 2 * rollouts,
                TimeSpan.FromSeconds(resync) + TimeSpan.FromMinutes(10), measured, Coarse).ConfigureAwait(false);
            report.ResyncObservedAfter = steady.Elapsed;
        }

        var rest = TimeSpan.FromSeconds(steadySeconds) - steady.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest).ConfigureAwait(false);
        }

        report.SteadyWindow = steady.Elapsed;
        report.SteadyReconcilesByResult = Difference(await ReconcilesByResultAsync(measured).ConfigureAwait(false), atFirstFullPass);
        (report.RssSteady, report.RssPeak) = measured.Memory();
        report.ManagedHeapSteady = await measured.MetricSumAsync("dotnet_gc_heap_size_bytes").ConfigureAwait(false);
        report.Reconciles = await measured.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) ?? 0;
        report.ReconcileSeconds = await measured.MetricSumAsync("controller_runtime_reconcile_time_seconds_sum").ConfigureAwait(false) ?? 0;
        report.MeasuredCalls = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);
        report.Print(Console.Out);

        // Figure 4: M Rollouts get a new image at once (disjoint sets, so that each starts from steady state).
        var offset = 0;
        foreach (var m in reactions.Where(m => m > 0))
        {
            var count = Math.Min(m, rollouts - offset);
            if (count <= 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reaction M = {m}: skipped, only {rollouts} Rollouts and {offset} already used"));
                continue;
            }

            var (reconcilesBefore, cacheLagBefore) = await ReconcileCountsAsync(measured).ConfigureAwait(false);
            await emulator.CommandAsync("react-arm").ConfigureAwait(false);
            var calls = await emulator.CommandAsync("audit-clear").ConfigureAwait(false);
            await DriverActions.SetImagesAsync(client, Enumerable.Range(offset, count), Population.ThirdImage, Math.Min(count, 64)).ConfigureAwait(false);
            List<string> lines = [];
            await DriverActions.WaitAsync(
                async () =>
                {
                    lines = [.. await emulator.CommandAsync("react-report").ConfigureAwait(false)];
                    return lines.Count == count && lines.All(l => !l.Contains(" -1", StringComparison.Ordinal));
                },
                TimeSpan.FromMinutes(10), measured, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            var toReplicaSet = lines.Select(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToList();
            var toVirtualService = lines.Select(l => double.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reaction M = {count}: Deployment update -> canary ReplicaSet created: {Percentiles.Describe(toReplicaSet)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reaction M = {count}: Deployment update -> first VirtualService weight change: {Percentiles.Describe(toVirtualService)}"));
            var (reconcilesAfter, cacheLagAfter) = await ReconcileCountsAsync(measured).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reaction M = {count}: {reconcilesAfter - reconcilesBefore} reconciles, {cacheLagAfter - cacheLagBefore} of them result=\"cache_lag\" ({workers} workers)"));
            offset += count;
        }

        Console.WriteLine($"logs: {work}");
        return 0;
    }

    // All reconciles, and those that returned early on unmet cache expectations, so far.
    private static async Task<(double All, double CacheLag)> ReconcileCountsAsync(OperatorProcess op) =>
        (await op.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) ?? 0,
         await op.MetricSumAsync("controller_runtime_reconcile_total{controller=\"rollout\",result=\"cache_lag\"}").ConfigureAwait(false) ?? 0);

    // controller_runtime_reconcile_total by its result label.
    private static async Task<Dictionary<string, double>> ReconcilesByResultAsync(OperatorProcess op) =>
        await op.MetricByLabelAsync("controller_runtime_reconcile_total", "result").ConfigureAwait(false);

    private static SortedDictionary<string, double> Difference(Dictionary<string, double> after, Dictionary<string, double> before) =>
        new(after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key)), StringComparer.Ordinal);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Resident memory of any process, from /proc.</summary>
internal static class ProcessMemory
{
    public static long Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
}
