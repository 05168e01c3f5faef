using System.Globalization;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Restarts;

/// <summary>
/// <c>spec.restartAt</c> against <c>status.restartedAt</c> and the clock (§2.11, <c>utils/replicaset:NeedsRestart</c>,
/// <c>rollout/restart.go:checkEnqueueRollout</c>).
/// </summary>
/// <remarks>
/// Both fields are <c>metav1.Time</c> in Argo: RFC 3339, compared as instants. A value that does not parse cannot reach a
/// real controller — the CRD declares <c>format: date-time</c>, so the API server refuses it, and Argo's informer could not
/// decode such an object anyway. Here it simply means "no restart": nothing is evicted and no pod is listed.
/// </remarks>
public static class RestartSchedule
{
    private static readonly string[] Rfc3339 = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>An RFC 3339 time (Go's <c>time.RFC3339</c>, fractional seconds allowed), or null when absent or malformed.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        !string.IsNullOrEmpty(text)
        && DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    /// <summary>
    /// <c>NeedsRestart</c>: restartAt is set, strictly in the past, and not yet recorded as done in
    /// <c>status.restartedAt</c>.
    /// </summary>
    public static bool IsDue(Rollout rollout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (Parse(rollout.Spec.RestartAt) is not { } restartAt)
        {
            return false;
        }

        if (Parse(rollout.Status?.RestartedAt) is { } restartedAt && restartedAt == restartAt)
        {
            return false;
        }

        return now > restartAt;
    }

    /// <summary>
    /// <c>checkEnqueueRollout</c>: how long until a restartAt that is still ahead becomes due (null when there is none
    /// ahead, or it is already recorded as done). Go's <c>After</c> is strict, so the wake-up lands one millisecond past
    /// restartAt.
    /// </summary>
    public static TimeSpan? UntilDue(Rollout rollout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (Parse(rollout.Spec.RestartAt) is not { } restartAt || now > restartAt)
        {
            return null;
        }

        return Parse(rollout.Status?.RestartedAt) == restartAt ? null : restartAt - now + TimeSpan.FromMilliseconds(1);
    }
}
