using System.Collections.Concurrent;
using System.Globalization;
using CanaryOperator.Adapters;
using CanaryOperator.Observe;
using k8s;
using k8s.Models;

namespace CanaryOperator.Controllers;

/// <summary>
/// Remembers, per Rollout key, the resourceVersions our last reconcile wrote, and holds the next plan back until the
/// caches have caught up with them (controller-runtime calls these "expectations"). Without this a reconcile
/// triggered by the watch event of our first write would plan from a cache that still lacks our status, and could
/// redo or undo a step. Expectations lapse after <see cref="Timeout"/> so a lost event can never wedge a Rollout.
/// </summary>
public sealed class CacheExpectations(OperatorCaches caches, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Records what a reconcile of <paramref name="key"/> wrote (replacing older expectations).</summary>
    public void Expect(string key, IReadOnlyList<WrittenObject> written)
    {
        if (written.Count == 0)
        {
            _pending.TryRemove(key, out _);
            return;
        }

        _pending[key] = new Pending([.. written], time.GetUtcNow() + Timeout);
    }

    public void Forget(string key) => _pending.TryRemove(key, out _);

    /// <summary>True when every object written for <paramref name="key"/> shows in the caches at (at least) that version.</summary>
    public bool Satisfied(string key)
    {
        if (!_pending.TryGetValue(key, out var pending))
        {
            return true;
        }

        if (time.GetUtcNow() >= pending.Deadline || pending.Written.All(Observed))
        {
            _pending.TryRemove(key, out _);
            return true;
        }

        return false;
    }

    private bool Observed(WrittenObject written)
    {
        IKubernetesObject<V1ObjectMeta>? cached = written.Kind switch
        {
            WrittenObject.Rollout => caches.Rollouts.Get(written.Namespace, written.Name),
            WrittenObject.ReplicaSet => caches.ReplicaSets.Get(written.Namespace, written.Name),
            WrittenObject.VirtualService => caches.VirtualServices.Get(written.Namespace, written.Name),
            WrittenObject.DestinationRule => caches.DestinationRules.Get(written.Namespace, written.Name),
            WrittenObject.Deployment => caches.Deployments.Get(written.Namespace, written.Name),
            WrittenObject.Service => caches.Services.Get(written.Namespace, written.Name),
            _ => null,
        };
        if (written.ResourceVersion is null)
        {
            // A delete: observed once the cache no longer holds it.
            return cached is null;
        }

        if (cached?.Metadata?.ResourceVersion is not { } seen)
        {
            return false;
        }

        // resourceVersions are opaque strings in the API contract but etcd revisions in practice; when both parse as
        // numbers "at least" is the right test (a later write by someone else also satisfies it), else equality.
        return long.TryParse(seen, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
               && long.TryParse(written.ResourceVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
            ? s >= w
            : seen == written.ResourceVersion;
    }

    private sealed record Pending(IReadOnlyList<WrittenObject> Written, DateTimeOffset Deadline);
}
