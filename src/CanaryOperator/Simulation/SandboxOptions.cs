namespace CanaryOperator.Simulation;

/// <summary>How <c>canary-operator sandbox</c> starts its emulated cluster and operator.</summary>
public sealed record SandboxOptions
{
    /// <summary>The API server's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The API server's listen address (an IP literal).</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Where the kubeconfig for kubectl (and the operator inside) is written.</summary>
    public required string KubeconfigPath { get; init; }

    /// <summary>How many times faster than real time the cluster's clock runs (1 = real time).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>How long a new pod takes to become ready, in the cluster's time.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When set, the HorizontalPodAutoscaler loop runs and every HPA observes this CPU utilization (percent of
    /// requests) on its target; null = HPAs exist but never scale.
    /// </summary>
    public double? HpaUtilization { get; init; }

    /// <summary>The operator's /healthz, /readyz and /metrics port (0 = a free one).</summary>
    public int MetricsPort { get; init; }

    public string LogFormat { get; init; } = "text";

    public string LogLevel { get; init; } = "info";

    /// <summary>Where the operator's log goes; null = the console.</summary>
    public TextWriter? LogOutput { get; init; }
}
