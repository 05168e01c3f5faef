namespace CanaryOperator.Simulation;

/// <summary>What <c>canary-operator simulate</c> plays: the manifests, the update, and the user's gestures.</summary>
public sealed record SimulationOptions
{
    /// <summary>Manifest files or folders (every *.yaml / *.yml / *.json inside, in name order).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary><c>container=image</c> changes for the update; empty = the first container gets a new tag.</summary>
    public IReadOnlyList<(string Container, string Image)> SetImages { get; init; } = [];

    /// <summary>How long an indefinite pause waits before the simulated user promotes; null = at once.</summary>
    public TimeSpan? PromoteAfter { get; init; }

    /// <summary>Abort (<c>{"status":{"abort":true}}</c>) when the rollout reaches this step index.</summary>
    public int? AbortAtStep { get; init; }

    /// <summary>An HPA decision: <c>spec.replicas</c> set through the <c>/scale</c> subresource when the update starts.</summary>
    public int? HpaReplicas { get; init; }

    /// <summary>HPA decisions over virtual time (<c>--hpa-profile</c>), each written through <c>/scale</c> when due.</summary>
    public IReadOnlyList<HpaDecision> HpaProfile { get; init; } = [];

    /// <summary>Canary pods never become ready (shows the progress deadline and abort paths).</summary>
    public bool FailCanary { get; init; }

    /// <summary>How long a new pod takes to become ready, in virtual time.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Virtual time after which the simulation gives up.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(2);
}
