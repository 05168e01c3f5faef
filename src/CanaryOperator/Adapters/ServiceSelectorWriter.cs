using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// Points a canary/stable Service at one ReplicaSet: merge-patches only <c>spec.selector[rollouts-pod-template-hash]</c>
/// and, when given, the managed-by annotation (<c>rollout/service.go:switchServiceSelector</c>); the rest of the selector stays.
/// </summary>
public sealed class ServiceSelectorWriter(IKubernetes client)
{
    public async Task<WrittenObject> SetSelectorAsync(string ns, string name, string hash, string? managedBy, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["spec"] = new JsonObject { ["selector"] = new JsonObject { [RolloutLabels.PodTemplateHash] = hash } } };
        if (managedBy is not null)
        {
            body["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RolloutAnnotations.ManagedByRollouts] = managedBy } };
        }

        var patched = await client.CoreV1.PatchNamespacedServiceAsync(JsonBodies.MergePatch(body), name, ns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.Service, ns, name, patched.Metadata.ResourceVersion);
    }
}
