using System.Text.Json.Nodes;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Runtime.Errors;
using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// Carries ephemeral metadata over to existing pods: one JSON merge patch on <c>metadata.labels</c> /
/// <c>metadata.annotations</c> (null removes a key; every other key — the hash label, sidecar annotations — is left
/// alone). Argo updates the whole pod with retries on conflict; a merge patch has no conflict to retry.
/// </summary>
public sealed class PodMetadataWriter(IKubernetes client)
{
    /// <summary>Patches the pod; a pod already gone is success (its ReplicaSet makes new ones from its template).</summary>
    public async Task PatchAsync(string ns, string name, MetadataChange change, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.PatchNamespacedPodAsync(JsonBodies.MergePatch(new JsonObject { ["metadata"] = JsonBodies.MetadataPatch(change) }), name, ns, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesErrors.IsNotFound(ex))
        {
            // Deleted meanwhile: nothing left to label.
        }
    }
}
