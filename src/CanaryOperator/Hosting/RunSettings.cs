namespace CanaryOperator.Hosting;

/// <summary>Everything the <c>run</c> command takes from flags and environment.</summary>
public sealed record RunSettings
{
    public OperatorOptions Operator { get; init; } = new();

    public string? Kubeconfig { get; init; }

    public string LogFormat { get; init; } = "json";

    public string LogLevel { get; init; } = "info";

    /// <summary>Port of /healthz, /readyz and /metrics (0 = pick a free one, for tests).</summary>
    public int MetricsPort { get; init; } = 8090;

    public double Qps { get; init; } = 40;

    public int Burst { get; init; } = 80;

    /// <summary>Skip the reachability/CRD/RBAC checks (tests against a deliberately incomplete emulator).</summary>
    public bool SkipPreflight { get; init; }
}
