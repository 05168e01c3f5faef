using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Api.Rollouts;

/// <summary>
/// <c>status.duration</c>: wall-clock bookkeeping of one update (Argo Rollouts "rollout total duration tracking",
/// <c>types.go:RolloutDuration</c>). Times are metav1.Time; the pause total is whole seconds (int64).
/// </summary>
public sealed record RolloutDuration
{
    [JsonPropertyName("rolloutStartedAt")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? RolloutStartedAt { get; init; }

    [JsonPropertyName("manualPauseStartedAt")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? ManualPauseStartedAt { get; init; }

    [JsonPropertyName("totalManualPauseDurationSeconds")]
    public long? TotalManualPauseDurationSeconds { get; init; }

    [JsonPropertyName("finishedAt")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How the update ended, e.g. <see cref="RolloutCompletionStatuses.FastPromoted"/>.</summary>
    [JsonPropertyName("completionStatus")]
    public string? CompletionStatus { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
