using System.CommandLine;
using System.Globalization;
using CanaryOperator.Api.Istio;
using CanaryOperator.Hosting;

namespace CanaryOperator.Cli;

/// <summary>
/// <c>canary-operator run</c>: the operator in a cluster. Flags win over environment (<c>POD_NAME</c>,
/// <c>POD_NAMESPACE</c>, <c>WATCH_NAMESPACES</c>, <c>LOG_FORMAT</c>, <c>LOG_LEVEL</c>).
/// </summary>
public static class RunCommand
{
    public static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "Path to a kubeconfig; default: in-cluster, then $KUBECONFIG / ~/.kube/config" };
    public static readonly Option<string[]> Namespace = new("--namespace", "-n")
    {
        Description = "Namespace to watch (repeatable); none = all namespaces",
        AllowMultipleArgumentsPerToken = false,
    };
    public static readonly Option<int> Workers = new("--workers") { Description = "Rollouts reconciled concurrently", DefaultValueFactory = _ => OperatorOptions.DefaultWorkers };
    public static readonly Option<bool> LeaderElect = new("--leader-elect") { Description = "Use a Lease so that only one replica reconciles" };
    public static readonly Option<string> IstioApiVersion = new("--istio-api-version")
    {
        Description = "networking.istio.io version: v1alpha3, v1beta1 or v1",
        DefaultValueFactory = _ => IstioApi.DefaultVersion,
    };
    public static readonly Option<string?> LogFormat = new("--log-format") { Description = "json (default in a pod) or text (default on a terminal)" };
    public static readonly Option<string?> LogLevel = new("--log-level") { Description = "debug, info, warn or error (default info)" };
    public static readonly Option<int> MetricsPort = new("--metrics-port") { Description = "Port of /healthz, /readyz and /metrics", DefaultValueFactory = _ => 8090 };
    public static readonly Option<double> Qps = new("--qps") { Description = "Client-side request rate to the API server", DefaultValueFactory = _ => 40 };
    public static readonly Option<int> Burst = new("--burst") { Description = "Client-side request burst", DefaultValueFactory = _ => 80 };
    public static readonly Option<string> ResyncPeriod = new("--resync-period")
    {
        Description = "Every Rollout is reconciled at least this often: 15m, 90s, 1h30m or seconds (Argo's informer resync)",
        DefaultValueFactory = _ => DefaultResyncPeriod,
    };

    /// <summary>The default of <c>--resync-period</c>, as written on the command line (<see cref="OperatorOptions.ResyncPeriod"/>).</summary>
    public const string DefaultResyncPeriod = "15m";

    public static Command Create()
    {
        var command = new Command("run", "Run the operator against a cluster");
        foreach (var option in new Option[] { Kubeconfig, Namespace, Workers, LeaderElect, IstioApiVersion, LogFormat, LogLevel, MetricsPort, Qps, Burst, ResyncPeriod })
        {
            command.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var settings = ToSettings(result, Environment.GetEnvironmentVariable);
                await using var app = await OperatorApplication.BuildAsync(settings, cancellationToken: cancellationToken).ConfigureAwait(false);
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
                return Environment.ExitCode;
            }
            catch (OperatorStartupException ex)
            {
                await Console.Error.WriteLineAsync($"canary-operator: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Turns parsed flags (and the environment, for what flags leave open) into settings; validates them.</summary>
    public static RunSettings ToSettings(ParseResult result, Func<string, string?> environment)
    {
        var namespaces = result.GetValue(Namespace) is { Length: > 0 } flags
            ? flags
            : (environment("WATCH_NAMESPACES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var istio = result.GetValue(IstioApiVersion) ?? IstioApi.DefaultVersion;
        if (!IstioApi.SupportedVersions.Contains(istio))
        {
            throw new OperatorStartupException($"--istio-api-version '{istio}' is not one of {string.Join(", ", IstioApi.SupportedVersions)}");
        }

        var workers = result.GetValue(Workers);
        if (workers < 1)
        {
            throw new OperatorStartupException($"--workers must be at least 1 (got {workers.ToString(CultureInfo.InvariantCulture)})");
        }

        var qps = result.GetValue(Qps);
        var burst = result.GetValue(Burst);
        if (qps <= 0 || burst < 1)
        {
            throw new OperatorStartupException("--qps must be positive and --burst at least 1");
        }

        var resync = ParseResyncPeriod(result.GetValue(ResyncPeriod) ?? DefaultResyncPeriod);

        var leaderElect = result.GetValue(LeaderElect);
        var podNamespace = environment("POD_NAMESPACE");
        if (leaderElect && string.IsNullOrEmpty(podNamespace))
        {
            throw new OperatorStartupException("--leader-elect needs POD_NAMESPACE (the namespace of the Lease)");
        }

        var format = result.GetValue(LogFormat) ?? environment("LOG_FORMAT") ?? (Console.IsOutputRedirected ? "json" : "text");
        var level = result.GetValue(LogLevel) ?? environment("LOG_LEVEL") ?? "info";
        LoggingSetup.ParseLevel(level);
        if (!LoggingSetup.Formats.Contains(format))
        {
            throw new OperatorStartupException($"--log-format '{format}' is not json or text");
        }

        return new RunSettings
        {
            Operator = new OperatorOptions
            {
                Namespaces = namespaces,
                Workers = workers,
                LeaderElect = leaderElect,
                LeaseNamespace = podNamespace,
                Identity = environment("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName,
                IstioApiVersion = istio,
                ResyncPeriod = resync,
            },
            Kubeconfig = result.GetValue(Kubeconfig),
            LogFormat = format,
            LogLevel = level,
            MetricsPort = result.GetValue(MetricsPort),
            Qps = qps,
            Burst = burst,
        };
    }

    private static TimeSpan ParseResyncPeriod(string text)
    {
        TimeSpan period;
        try
        {
            period = GoDuration.Parse(text, "--resync-period");
        }
        catch (FormatException ex)
        {
            throw new OperatorStartupException(ex.Message);
        }

        // Whole seconds (as pause durations): "500ms" truncates to 0, and a zero period would resync without pause.
        return period > TimeSpan.Zero
            ? period
            : throw new OperatorStartupException($"--resync-period '{text}' must be at least 1s");
    }
}
