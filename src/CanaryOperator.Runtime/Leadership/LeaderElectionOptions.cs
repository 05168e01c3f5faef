namespace CanaryOperator.Runtime.Leadership;

/// <summary>Lease-based leader election settings; the defaults are controller-runtime's (15 s / 10 s / 2 s).</summary>
public sealed class LeaderElectionOptions
{
    public required string LeaseName { get; init; }

    public required string LeaseNamespace { get; init; }

    /// <summary>This replica's name in the Lease; must differ between replicas.</summary>
    public string Identity { get; init; } = DefaultIdentity();

    /// <summary>How long followers wait after the last renewal before they may take over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between acquire/renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The pod name (downward API <c>POD_NAME</c>), else the host name, which is the pod name in a pod.</summary>
    public static string DefaultIdentity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
}
