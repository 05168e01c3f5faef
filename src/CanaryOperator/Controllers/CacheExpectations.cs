using System.Globalization;
using CanaryOperator.Adapters;
using CanaryOperator.Observe;
using CanaryOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CanaryOperator.Controllers;

/// <summary>
/// Remembers, per Rollout key, the resourceVersions our last reconcile wrote, and holds the next plan back until the
/// caches have caught up with them (controller-runtime calls these "expectations"). Without this a reconcile
/// triggered by the watch event of our first write would plan from a cache that still lacks our status, and could
/// redo or undo a step. <see cref="WakeWaitingRolloutsOnChange"/> enqueues a waiting Rollout as soon as the cache
/// event that satisfies it arrives; the controller's timed retry is only the fallback. Expectations lapse after
/// <see cref="Timeout"/> so a lost event can never wedge a Rollout.
/// </summary>
public sealed class CacheExpectations(OperatorCaches caches, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    // Written object → the Rollout keys whose expectations name it (one, unless two Rollouts share an object).
    private readonly Dictionary<ObjectRef, HashSet<string>> _waiting = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Records what a reconcile of <paramref name="key"/> wrote (replacing older expectations).</summary>
    public void Expect(string key, IReadOnlyList<WrittenObject> written)
    {
        lock (_gate)
        {
            Remove(key);
            if (written.Count > 0)
            {
                var pending = new Pending([.. written], time.GetUtcNow() + Timeout);
                _pending[key] = pending;
                foreach (var target in pending.Written.Select(ObjectRef.Of).Distinct())
                {
                    if (!_waiting.TryGetValue(target, out var keys))
                    {
                        _waiting[target] = keys = new HashSet<string>(StringComparer.Ordinal);
                    }

                    keys.Add(key);
                }
            }
        }
    }

    public void Forget(string key)
    {
        lock (_gate)
        {
            Remove(key);
        }
    }

    /// <summary>True when every object written for <paramref name="key"/> shows in the caches at (at least) that version.</summary>
    public bool Satisfied(string key)
    {
        lock (_gate)
        {
            return SatisfiedLocked(key);
        }
    }

    /// <summary>
    /// The Rollout keys that waited on the object of <paramref name="kind"/> <paramref name="ns"/>/<paramref name="name"/>
    /// and are satisfied now that the cache shows its change (each returned once: it no longer waits).
    /// </summary>
    public IReadOnlyList<string> SatisfiedBy(string kind, string? ns, string name)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(new ObjectRef(kind, ns ?? "default", name), out var keys))
            {
                return [];
            }

            return [.. keys.ToList().Where(SatisfiedLocked)];
        }
    }

    /// <summary>
    /// Wires every cache to <paramref name="enqueue"/> for the Rollouts waiting on the changed object, so a Rollout
    /// held back by <see cref="Satisfied"/> is reconciled when its caches catch up rather than at its next timed retry.
    /// The caches' own handlers (<see cref="OperatorCaches.EnqueueRolloutsOnChange"/>) usually enqueue the same
    /// Rollout for the same event; this one does not depend on the reference indexes, and the queue merges the two.
    /// </summary>
    public void WakeWaitingRolloutsOnChange(Action<string> enqueue)
    {
        caches.Rollouts.AddEventHandler(Waker<Api.Rollouts.Rollout>(WrittenObject.Rollout, enqueue));
        caches.ReplicaSets.AddEventHandler(Waker<V1ReplicaSet>(WrittenObject.ReplicaSet, enqueue));
        caches.Deployments.AddEventHandler(Waker<V1Deployment>(WrittenObject.Deployment, enqueue));
        caches.Services.AddEventHandler(Waker<V1Service>(WrittenObject.Service, enqueue));
        caches.VirtualServices.AddEventHandler(Waker<Api.Istio.VirtualService>(WrittenObject.VirtualService, enqueue));
        caches.DestinationRules.AddEventHandler(Waker<Api.Istio.DestinationRule>(WrittenObject.DestinationRule, enqueue));
    }

    /// <summary>The handler <see cref="WakeWaitingRolloutsOnChange"/> puts on the cache of <paramref name="kind"/>.</summary>
    public IResourceEventHandler<T> Waker<T>(string kind, Action<string> enqueue)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        ResourceEventHandler<T>.Enqueue(o => SatisfiedBy(kind, o.Metadata.NamespaceProperty, o.Metadata.Name), enqueue);

    private bool SatisfiedLocked(string key)
    {
        if (!_pending.TryGetValue(key, out var pending))
        {
            return true;
        }

        if (time.GetUtcNow() >= pending.Deadline || pending.Written.All(Observed))
        {
            Remove(key);
            return true;
        }

        return false;
    }

    private void Remove(string key)
    {
        if (!_pending.Remove(key, out var pending))
        {
            return;
        }

        foreach (var target in pending.Written.Select(ObjectRef.Of))
        {
            if (_waiting.TryGetValue(target, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                _waiting.Remove(target);
            }
        }
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

    /// <summary>A written object's identity (kind, namespace, name), without its version.</summary>
    private readonly record struct ObjectRef(string Kind, string Namespace, string Name)
    {
        public static ObjectRef Of(WrittenObject written) => new(written.Kind, written.Namespace, written.Name);
    }
}
