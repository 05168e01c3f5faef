using System.Text.Json.Nodes;
using k8s;

namespace CanaryOperator.Adapters;

/// <summary>Sets <c>spec.replicas</c> of the Deployment a Rollout's <c>workloadRef</c> names (the <c>scaleDown</c> modes).</summary>
public sealed class DeploymentScaler(IKubernetes client)
{
    public async Task<WrittenObject> ScaleAsync(string ns, string name, int replicas, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(JsonBodies.MergePatch(body), name, ns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.Deployment, ns, name, patched.Metadata.ResourceVersion);
    }
}
