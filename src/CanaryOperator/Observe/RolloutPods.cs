using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Status;
using k8s;

namespace CanaryOperator.Observe;

/// <summary>
/// The on-demand half of the observe step: pods are not cached, so when <see cref="PodObservation.Needed(ClusterSnapshot)"/> says a pass
/// needs them, ONE list call by the Rollout's selector in its namespace fetches them, and only the pods of the
/// Rollout's own ReplicaSets are kept (as Argo's <c>getRolloutPods</c> does). Otherwise no call at all.
/// </summary>
public sealed class RolloutPods(IKubernetes client)
{
    /// <summary>The pods for <paramref name="snapshot"/>, or null when this pass does not need them.</summary>
    public async Task<IReadOnlyList<PodState>?> ListIfNeededAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!PodObservation.Needed(snapshot))
        {
            return null;
        }

        // Without a selector (an unresolvable workloadRef) the planner stops at InvalidSpec before it looks at pods.
        if (snapshot.ResolveWorkload().Selector is not { } selector)
        {
            return [];
        }

        var owners = snapshot.ReplicaSets.Where(rs => rs.Uid.Length > 0).ToDictionary(rs => rs.Uid, rs => rs.Name, StringComparer.Ordinal);
        var list = await client.CoreV1.ListNamespacedPodAsync(
            snapshot.Namespace, labelSelector: LabelSelectorText.Format(selector), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. (list.Items ?? []).Select(p => PodStates.From(p, owners)).OfType<PodState>().OrderBy(p => p.Name, StringComparer.Ordinal)];
    }
}
