using CanaryOperator.Api.Istio;

namespace CanaryOperator.Hosting;

/// <summary>
/// What the operator does, independent of where the settings come from (flags, environment, a test). Defaults are
/// the production ones.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>Namespaces to watch; empty = all namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>
    /// Rollouts reconciled concurrently (never one Rollout twice at a time). A reconcile mostly waits on the API server
    /// (~33 ms CPU of ~200 ms in the figure-4 profile), so 8 overlap those waits; measured 2 / 8 / 16 in
    /// docs/benchmarks.md (16 made twice the reconciles of 8, many of them early, for no faster reaction).
    /// </summary>
    public int Workers { get; init; } = DefaultWorkers;

    /// <summary>The default of <see cref="Workers"/> and of <c>--workers</c>.</summary>
    public const int DefaultWorkers = 8;

    /// <summary>Campaign for a Lease and reconcile only while leading.</summary>
    public bool LeaderElect { get; init; }

    public string LeaseName { get; init; } = "canary-operator-leader";

    /// <summary>The operator's own namespace (<c>POD_NAMESPACE</c>), where the Lease lives.</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>Lease timings (controller-runtime's 15 s / 10 s / 2 s); tests shorten them to lose a lease in seconds.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's identity in the Lease and in Events (<c>POD_NAME</c>, else the host name).</summary>
    public string Identity { get; init; } = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;

    /// <summary>networking.istio.io version to watch and patch: v1alpha3 (default), v1beta1 or v1.</summary>
    public string IstioApiVersion { get; init; } = IstioApi.DefaultVersion;

    /// <summary>Every Rollout is reconciled at least this often (Argo's informer resync, 15 min).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Watches are closed by the server after a random time in [min, max] and resumed.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The controller name in metrics, logs and Events' reportingController.</summary>
    public string ControllerName { get; init; } = "rollout";

    public const string ReportingController = "argo-rollouts";
}
