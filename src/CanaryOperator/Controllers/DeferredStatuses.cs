using System.Collections.Concurrent;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Controllers;

/// <summary>
/// The status a reconcile that wrote other objects planned but did not persist yet, per Rollout key. The next reconcile
/// of the key (which the watch events of those writes trigger at once) plans from it and writes it together with its own
/// status in one patch, instead of one patch per pass.
/// <para>
/// Holding it back is crash safe because it leaves the cluster in a state any crash could already leave: the writes
/// of a pass done and its status patch not sent. It is only held for ONE pass: a reconcile that is about to write
/// anything else first persists it, so writes that were planned from it never sit in the cluster without it.
/// </para>
/// </summary>
public sealed class DeferredStatuses
{
    private readonly ConcurrentDictionary<string, Entry> _byKey = new(StringComparer.Ordinal);

    /// <summary>
    /// Holds <paramref name="status"/> for <paramref name="key"/>; valid only while the Rollout is still at
    /// <paramref name="rolloutResourceVersion"/> (any other write to it — a user's promote, an HPA resize — voids it).
    /// </summary>
    public void Defer(string key, RolloutStatus status, string? rolloutResourceVersion) => _byKey[key] = new Entry(status, rolloutResourceVersion);

    /// <summary>
    /// Removes and returns the held status when the cached Rollout is still at the version it was planned for; null
    /// otherwise (the pass then plans from the persisted status, exactly as after a crash).
    /// </summary>
    public RolloutStatus? Take(string key, string? cachedResourceVersion) =>
        _byKey.TryRemove(key, out var entry) && entry.RolloutResourceVersion is not null && entry.RolloutResourceVersion == cachedResourceVersion
            ? entry.Status
            : null;

    public void Forget(string key) => _byKey.TryRemove(key, out _);

    private sealed record Entry(RolloutStatus Status, string? RolloutResourceVersion);
}
