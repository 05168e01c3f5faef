using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CanaryOperator.Benchmarks.Planner;
using k8s;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// <c>scale --rollouts N [--qps 40 --burst 80 --workers 2 --per-namespace 50 --steady-seconds 30 --operator PATH]</c>:
/// starts the emulator (own process), populates it, lets a first operator process bring every Rollout to a
/// completed rollout (stable ReplicaSet, status, DestinationRule pinned), stops it, then starts a second operator
/// process on that steady cluster and measures figures 1–3 on it: resident memory (peak, steady), time to /readyz
/// and to the first full pass (reconciles ≥ N), and every API write it makes.
/// </summary>
internal static class ScaleCommand
{
    public static async Task<int> RunAsync(CommandArgs args)
    {
        var rollouts = args.Int("rollouts", 100);
        var qps = args.Double("qps", 40);
        var burst = args.Int("burst", 80);
        var workers = args.Int("workers", 2);
        var steadySeconds = args.Int("steady-seconds", 30);
        var operatorDll = args.Get("operator") ?? Path.Combine(RepoRoot.Find(), "src", "CanaryOperator", "bin", "Release", "net10.0", "canary-operator.dll");
        var work = Directory.CreateTempSubdirectory("canary-bench-").FullName;
        var report = new ScaleReport(rollouts, qps, burst, workers);

        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(work, "kubeconfig")).ConfigureAwait(false);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(emulator.Kubeconfig));
        report.PopulateTime = await Population.CreateAsync(client, rollouts, args.Int("per-namespace", 50), args.Int("parallelism", 16)).ConfigureAwait(false);
        report.EmulatorRssAfterPopulate = ProcessMemory.Rss(emulator.ProcessId);

        // Run 1: the operator adopts every Rollout (creates its stable ReplicaSet, pins the DestinationRule, writes
        // status). Not measured beyond its duration: it is how the population reaches steady state.
        var settle = Stopwatch.StartNew();
        using (var first = OperatorProcess.Start(operatorDll, emulator.Kubeconfig, FreePort(), qps, burst, workers, Path.Combine(work, "operator-settle.log")))
        {
            await WaitAsync(() => CountSettledAsync(client, rollouts), TimeSpan.FromMinutes(30), first).ConfigureAwait(false);
        }

        report.SettleTime = settle.Elapsed;
        report.SettleWrites = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);
        await emulator.CommandAsync("audit-clear").ConfigureAwait(false);

        // Run 2: a fresh operator process on the steady cluster: the measured one.
        using var measured = OperatorProcess.Start(operatorDll, emulator.Kubeconfig, FreePort(), qps, burst, workers, Path.Combine(work, "operator-measured.log"));
        await WaitAsync(measured.IsReadyAsync, TimeSpan.FromMinutes(10), measured).ConfigureAwait(false);
        report.TimeToReady = measured.Started.Elapsed;
        report.RssAtReady = measured.Memory().Rss;
        await WaitAsync(async () => await measured.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) >= rollouts, TimeSpan.FromMinutes(10), measured).ConfigureAwait(false);
        report.TimeToFirstFullPass = measured.Started.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(steadySeconds)).ConfigureAwait(false);
        (report.RssSteady, report.RssPeak) = measured.Memory();
        report.Reconciles = await measured.MetricSumAsync("controller_runtime_reconcile_total").ConfigureAwait(false) ?? 0;
        report.ReconcileSeconds = await measured.MetricSumAsync("controller_runtime_reconcile_time_seconds_sum").ConfigureAwait(false) ?? 0;
        report.MeasuredCalls = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);
        report.SteadySeconds = steadySeconds;
        report.Print(Console.Out);
        Console.WriteLine($"logs: {work}");
        return 0;
    }

    private static async Task<bool> CountSettledAsync(Kubernetes client, int rollouts)
    {
        var list = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync("argoproj.io", "v1alpha1", "rollouts").ConfigureAwait(false);
        var settled = list.GetProperty("items").EnumerateArray().Count(r =>
            r.TryGetProperty("status", out var s) && s.TryGetProperty("stableRS", out var stable) && s.TryGetProperty("currentPodHash", out var current) &&
            stable.GetString() == current.GetString() && s.TryGetProperty("phase", out var phase) && phase.GetString() == "Healthy");
        return settled == rollouts;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, OperatorProcess operatorProcess)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (operatorProcess.HasExited)
            {
                throw new InvalidOperationException("the operator exited; see its log in the work folder");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not reached within {timeout}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

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
