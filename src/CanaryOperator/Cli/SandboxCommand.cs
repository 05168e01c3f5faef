using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CanaryOperator.Hosting;
using CanaryOperator.Simulation;

namespace CanaryOperator.Cli;

/// <summary>
/// <c>canary-operator sandbox</c>: an emulated cluster with the operator inside, for following the article with the real
/// kubectl. Runs until Ctrl-C or SIGTERM.
/// </summary>
public static class SandboxCommand
{
    public static readonly Option<int> Port = new("--port") { Description = "The API server's port (0 = a free one)", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> Bind = new("--bind") { Description = "The API server's listen address", DefaultValueFactory = _ => "127.0.0.1" };
    public static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "Where to write the kubeconfig (default ~/.canary-operator/sandbox.kubeconfig)" };
    public static readonly Option<double> TimeScale = new("--time-scale") { Description = "Run the cluster's clock N times faster than real time", DefaultValueFactory = _ => 1 };
    public static readonly Option<string> PodReadyDelay = new("--pod-ready-delay") { Description = "Time a new pod takes to become ready (cluster time)", DefaultValueFactory = _ => "2s" };
    public static readonly Option<double?> HpaUtilization = new("--hpa-utilization") { Description = "Run the HPA loop; every HPA observes this CPU utilization (percent)" };
    public static readonly Option<int> MetricsPort = new("--metrics-port") { Description = "The operator's /healthz, /readyz, /metrics port (0 = a free one)", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> LogLevel = new("--log-level") { Description = "The operator's log level: debug, info, warn or error", DefaultValueFactory = _ => "info" };

    public static Command Create()
    {
        var command = new Command("sandbox", "Start an emulated cluster with the operator inside and write a kubeconfig for kubectl (Ctrl-C stops it)");
        foreach (var option in new Option[] { Port, Bind, Kubeconfig, TimeScale, PodReadyDelay, HpaUtilization, MetricsPort, LogLevel })
        {
            command.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            SandboxOptions options;
            try
            {
                options = ToOptions(result, DefaultKubeconfigPath());
            }
            catch (Exception ex) when (ex is FormatException or OperatorStartupException)
            {
                await Console.Error.WriteLineAsync($"canary-operator sandbox: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            Sandbox sandbox;
            try
            {
                sandbox = await Sandbox.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync(
                    $"canary-operator sandbox: cannot listen on {options.BindAddress}:{options.Port.ToString(CultureInfo.InvariantCulture)} ({ex.Message}); pick another --port, or --port 0 for a free one")
                    .ConfigureAwait(false);
                return 1;
            }
            catch (OperatorStartupException ex)
            {
                await Console.Error.WriteLineAsync($"canary-operator sandbox: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await using (sandbox.ConfigureAwait(false))
            {
                await Console.Out.WriteAsync(Banner(sandbox)).ConfigureAwait(false);
                await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync("canary-operator sandbox: stopping").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    public static SandboxOptions ToOptions(ParseResult result, string defaultKubeconfig)
    {
        var port = result.GetValue(Port);
        if (port is < 0 or > 65535)
        {
            throw new FormatException($"--port {port.ToString(CultureInfo.InvariantCulture)}: expected 0..65535");
        }

        var bind = result.GetValue(Bind) ?? "127.0.0.1";
        if (!IPAddress.TryParse(bind, out _))
        {
            throw new FormatException($"--bind '{bind}': expected an IP address such as 127.0.0.1 or 0.0.0.0");
        }

        var scale = result.GetValue(TimeScale);
        if (!(scale >= 1) || double.IsInfinity(scale))
        {
            throw new FormatException($"--time-scale {scale.ToString(CultureInfo.InvariantCulture)}: expected a number ≥ 1");
        }

        if (result.GetValue(HpaUtilization) is { } utilization && !(utilization >= 0))
        {
            throw new FormatException("--hpa-utilization: expected a percentage ≥ 0");
        }

        var level = result.GetValue(LogLevel) ?? "info";
        LoggingSetup.ParseLevel(level);
        return new SandboxOptions
        {
            Port = port,
            BindAddress = bind,
            KubeconfigPath = Path.GetFullPath(result.GetValue(Kubeconfig) ?? defaultKubeconfig),
            TimeScale = scale,
            PodReadyDelay = GoDuration.Parse(result.GetValue(PodReadyDelay) ?? "2s", "--pod-ready-delay"),
            HpaUtilization = result.GetValue(HpaUtilization),
            MetricsPort = result.GetValue(MetricsPort),
            LogLevel = level,
        };
    }

    /// <summary>~/.canary-operator/sandbox.kubeconfig, or under the temp directory when there is no home.</summary>
    public static string DefaultKubeconfigPath()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = string.IsNullOrEmpty(home) ? Path.GetTempPath() : home;
        return Path.Combine(root, ".canary-operator", "sandbox.kubeconfig");
    }

    /// <summary>What the user reads first: where the cluster is, the KUBECONFIG line and the article's next commands.</summary>
    public static string Banner(Sandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var scale = sandbox.Options.TimeScale;
        var clock = scale == 1 ? "real time" : $"time runs {scale.ToString("0.##", CultureInfo.InvariantCulture)}× faster";
        var hpa = sandbox.Options.HpaUtilization is { } u
            ? $"HPAs see {u.ToString("0.##", CultureInfo.InvariantCulture)} % CPU"
            : "HPAs do not scale (--hpa-utilization N to run them)";
        const string Ns = "istio-argo-rollouts";
        return string.Join('\n',
            $"canary-operator sandbox: an emulated API server at {sandbox.Server} with the operator running inside",
            $"  ({clock}; pods become ready after {sandbox.Options.PodReadyDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; {hpa}; operator metrics at {LocalAddress(sandbox.MetricsAddress)})",
            "",
            $"export KUBECONFIG={sandbox.KubeconfigPath}",
            "",
            "Then, from the repository's root:",
            "  kubectl apply -f examples/istio-subset/",
            $"  kubectl get ro -n {Ns} -w",
            $"  kubectl set image deployment/rollouts-demo-deployment rollouts-demo=argoproj/rollouts-demo:red -n {Ns}",
            $"  kubectl get vs rollouts-demo-vs2 -n {Ns} -o yaml",
            $"  kubectl patch rollout rollouts-demo -n {Ns} --subresource status --type merge -p '{{\"status\":{{\"pauseConditions\":null}}}}'",
            "",
            "Ctrl-C stops the sandbox (everything lives in memory).",
            "");
    }

    // The operator's endpoints listen on every interface; a browser on this machine reaches them through loopback.
    private static string? LocalAddress(string? address) =>
        address?.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
}
