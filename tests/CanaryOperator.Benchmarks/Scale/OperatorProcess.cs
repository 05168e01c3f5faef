using System.Diagnostics;
using System.Globalization;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// The operator (<c>canary-operator.dll run</c>) as a child process, with its resident memory read from
/// <c>/proc/PID/status</c> (VmRSS now, VmHWM = peak) and its /readyz and /metrics endpoints.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private OperatorProcess(Process process, int metricsPort)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
        Started = Stopwatch.StartNew();
    }

    public Stopwatch Started { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The operator's <c>--log-level</c>: warn unless <c>CANARY_BENCH_OPERATOR_LOG_LEVEL</c> says otherwise (debug shows
    /// every reconcile with its timestamp, for finding where a reaction waits; it slows the operator down).
    /// </summary>
    private static string LogLevel => Environment.GetEnvironmentVariable("CANARY_BENCH_OPERATOR_LOG_LEVEL") is { Length: > 0 } level ? level : "warn";

    /// <param name="resyncSeconds">The operator's <c>--resync-period</c> in seconds; null keeps its default (15 min).</param>
    public static OperatorProcess Start(
        string operatorDll, string kubeconfig, int metricsPort, double qps, int burst, int workers, string logFile, int? resyncSeconds = null)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        // Logs go to a file (not a pipe we would have to drain) so that logging cannot block the operator.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" run --kubeconfig \"$1\" --metrics-port \"$2\" --qps \"$3\" --burst \"$4\" --workers \"$5\" --log-format json --log-level \"$7\" \"${@:8}\" >\"$6\" 2>&1");
        foreach (var arg in new[]
        {
            operatorDll, kubeconfig, metricsPort.ToString(CultureInfo.InvariantCulture), qps.ToString(CultureInfo.InvariantCulture),
            burst.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture), logFile, LogLevel,
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (resyncSeconds is { } resync)
        {
            start.ArgumentList.Add("--resync-period");
            start.ArgumentList.Add(resync.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return new OperatorProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the operator"), metricsPort);
    }

    /// <summary>(VmRSS, VmHWM) in bytes; zero once the process is gone.</summary>
    public (long Rss, long Peak) Memory()
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiloBytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiloBytes(line);
                }
            }

            return (rss, peak);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative)).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The sum of every sample of a metric family (all label sets), or null when it is not exposed yet.</summary>
    public async Task<double?> MetricSumAsync(string name)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' '))
            {
                sum = (sum ?? 0) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>A metric family summed per value of one label (samples without it are left out); empty when unreachable.</summary>
    public async Task<Dictionary<string, double>> MetricByLabelAsync(string name, string label)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        string text;
        try
        {
            text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return sums;
        }

        var key = label + "=\"";
        foreach (var line in text.Split('\n'))
        {
            var at = line.StartsWith(name + "{", StringComparison.Ordinal) ? line.IndexOf(key, StringComparison.Ordinal) : -1;
            if (at < 0)
            {
                continue;
            }

            var start = at + key.Length;
            var value = line[start..line.IndexOf('"', start)];
            sums[value] = sums.GetValueOrDefault(value) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return sums;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        _http.Dispose();
    }

    private static long KiloBytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
