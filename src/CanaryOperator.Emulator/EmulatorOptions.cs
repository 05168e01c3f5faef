namespace CanaryOperator.Emulator;

/// <summary>How to start a <see cref="KubeApiEmulator"/>. Every simulated behaviour can be switched off.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The clock for timestamps, pod readiness, the HPA loop, watch timeouts and bookmarks. Tests pass a fake clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Serve over Kestrel on <see cref="BindAddress"/>:<see cref="Port"/> (needed for kubectl). When false only the in-process handler works.</summary>
    public bool UseKestrel { get; init; } = true;

    /// <summary>Kestrel's port; 0 picks a free one (tests). The sandbox lets its user fix it.</summary>
    public int Port { get; init; }

    /// <summary>Kestrel's listen address (an IP literal); loopback unless the user asks to share the sandbox.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>How many change events the watch cache keeps; a watch from an older resourceVersion gets 410 Expired.</summary>
    public int EventLogCapacity { get; init; } = 10_000;

    /// <summary>Watch length when the client gives no timeoutSeconds (kube-apiserver picks 30–60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often watches that allow bookmarks get one (on <see cref="Clock"/>).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Owner-reference garbage collection (background and foreground propagation).</summary>
    public bool GarbageCollection { get; init; } = true;

    /// <summary>Run the ReplicaSet controller (pods per ReplicaSet, readiness, ReplicaSet status).</summary>
    public bool SimulateReplicaSets { get; init; } = true;

    /// <summary>Run the HorizontalPodAutoscaler loop.</summary>
    public bool SimulateHpa { get; init; } = true;

    /// <summary>HPA sync period (kube-controller-manager's --horizontal-pod-autoscaler-sync-period), on <see cref="Clock"/>.</summary>
    public TimeSpan HpaSyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Default time from pod creation to Ready when no readiness rule matches.</summary>
    public TimeSpan DefaultPodReadyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Seed for fault probabilities and generated names.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Namespaces that exist from the start.</summary>
    public IReadOnlyList<string> InitialNamespaces { get; init; } = ["default", "kube-system", "kube-public"];
}
