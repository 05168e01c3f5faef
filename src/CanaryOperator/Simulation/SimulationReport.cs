using System.Text.Json.Serialization;

namespace CanaryOperator.Simulation;

/// <summary>The machine-readable result of a simulation (<c>--output json|yaml</c>); the table view prints the same.</summary>
public sealed record SimulationReport
{
    [JsonPropertyName("rollout")]
    public required string Rollout { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>The image change that started the update (<c>container: old → new</c>).</summary>
    [JsonPropertyName("update")]
    public required string Update { get; init; }

    [JsonPropertyName("timeline")]
    public required IReadOnlyList<TimelineRow> Timeline { get; init; }

    [JsonPropertyName("summary")]
    public required SimulationSummary Summary { get; init; }

    /// <summary>What the simulation decided on the user's behalf (promotions, skipped kinds, ...).</summary>
    [JsonPropertyName("notes")]
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>One observable change of the rollout, at a virtual time measured from the update.</summary>
public sealed record TimelineRow
{
    /// <summary>Virtual seconds since the update started.</summary>
    [JsonPropertyName("time")]
    public double Time { get; init; }

    [JsonPropertyName("stepIndex")]
    public int? StepIndex { get; init; }

    [JsonPropertyName("stepCount")]
    public int StepCount { get; init; }

    /// <summary>What the current step is (<c>setWeight 20</c>, <c>pause</c>, <c>pause 10s</c>, <c>done</c>).</summary>
    [JsonPropertyName("step")]
    public string Step { get; init; } = "";

    /// <summary>Per VirtualService route: destination → weight, in route order.</summary>
    [JsonPropertyName("routes")]
    public IReadOnlyList<RouteWeights> Routes { get; init; } = [];

    /// <summary>DestinationRule subset name → <c>rollouts-pod-template-hash</c> label.</summary>
    [JsonPropertyName("subsets")]
    public IReadOnlyDictionary<string, string> Subsets { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("stable")]
    public ReplicaCounts? Stable { get; init; }

    [JsonPropertyName("canary")]
    public ReplicaCounts? Canary { get; init; }

    [JsonPropertyName("phase")]
    public string Phase { get; init; } = "";

    [JsonPropertyName("message")]
    public string Message { get; init; } = "";

    /// <summary>Events the operator emitted since the previous row (<c>Reason: message</c>).</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>What the simulated user did at this moment (promote, abort, scale), if anything.</summary>
    [JsonPropertyName("gesture")]
    public string? Gesture { get; init; }
}

/// <summary>The weights of one route.</summary>
public sealed record RouteWeights(
    [property: JsonPropertyName("virtualService")] string VirtualService,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("destinations")] IReadOnlyList<DestinationWeight> Destinations);

/// <summary>One destination of a route (subset name, or host when there is no subset).</summary>
public sealed record DestinationWeight(
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("weight")] int Weight);

/// <summary>A ReplicaSet's pods: desired (spec) and available, with its pod-template hash.</summary>
public sealed record ReplicaCounts(
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("desired")] int Desired,
    [property: JsonPropertyName("available")] int Available);

/// <summary>Totals of the update.</summary>
public sealed record SimulationSummary
{
    /// <summary>Final phase (<c>Healthy</c> after a promotion; <c>Degraded</c> after an abort).</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    /// <summary>Virtual seconds from the update to the end (old pods gone or abort settled).</summary>
    [JsonPropertyName("durationSeconds")]
    public double DurationSeconds { get; init; }

    /// <summary>Σ over time of the pods that existed (every ReplicaSet's status.replicas).</summary>
    [JsonPropertyName("podSeconds")]
    public double PodSeconds { get; init; }

    /// <summary>The same time with 200 % of the pods (a blue-green switch keeps two full sets).</summary>
    [JsonPropertyName("blueGreenPodSeconds")]
    public double BlueGreenPodSeconds { get; init; }

    /// <summary>Writes (create, update, patch, delete) the operator sent during the update.</summary>
    [JsonPropertyName("apiWrites")]
    public int ApiWrites { get; init; }

    /// <summary>The same by verb and resource (<c>patch virtualservices</c> → n).</summary>
    [JsonPropertyName("apiWritesByResource")]
    public IReadOnlyDictionary<string, int> ApiWritesByResource { get; init; } = new Dictionary<string, int>();

    /// <summary>Every request the operator sent during the update, reads included.</summary>
    [JsonPropertyName("apiRequests")]
    public int ApiRequests { get; init; }
}
