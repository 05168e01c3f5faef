using System.Text.Json;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Commands;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CanaryOperator.KubectlPlugin.Kube;

/// <summary>The few API calls the plugin makes, with failures turned into <see cref="PluginException"/>s.</summary>
public sealed class RolloutApi(IKubernetes client, string ns)
{
    public string Namespace => ns;

    public async Task<Rollout> GetRolloutAsync(string name, CancellationToken cancellationToken)
    {
        var raw = await Call(() => client.CustomObjects.GetNamespacedCustomObjectAsync(Rollout.Group, Rollout.Version, ns, Rollout.Plural, name, cancellationToken),
            "get", Rollout.Plural, name).ConfigureAwait(false);
        return ApiJson.Deserialize<Rollout>((JsonElement)raw);
    }

    /// <summary>The ReplicaSets whose controller owner is the rollout (by UID, as the garbage collector links them).</summary>
    public async Task<IReadOnlyList<V1ReplicaSet>> ListReplicaSetsAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        var list = await Call(() => client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: cancellationToken), "list", "replicasets", null).ConfigureAwait(false);
        return [.. list.Items.Where(rs => OwnedBy(rs, rollout))];
    }

    /// <summary>The pod template of <c>spec.workloadRef</c>'s object (Deployment, ReplicaSet or PodTemplate).</summary>
    public async Task<V1PodTemplateSpec?> GetWorkloadTemplateAsync(WorkloadRef workload, CancellationToken cancellationToken)
    {
        var name = workload.Name ?? throw new PluginException("the rollout's spec.workloadRef has no name");
        return workload.Kind switch
        {
            "Deployment" => (await Call(() => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken), "get", "deployments", name).ConfigureAwait(false)).Spec.Template,
            "ReplicaSet" => (await Call(() => client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: cancellationToken), "get", "replicasets", name).ConfigureAwait(false)).Spec.Template,
            "PodTemplate" => (await Call(() => client.CoreV1.ReadNamespacedPodTemplateAsync(name, ns, cancellationToken: cancellationToken), "get", "podtemplates", name).ConfigureAwait(false)).Template,
            _ => throw new PluginException($"spec.workloadRef kind \"{workload.Kind}\" is not supported (Deployment, ReplicaSet or PodTemplate)"),
        };
    }

    /// <summary>
    /// Sends the undo JSON patch (which replaces <c>/spec/template</c>) to <c>spec.workloadRef</c>'s object; a PodTemplate
    /// keeps its template at <c>/template</c>, so the path is moved there.
    /// </summary>
    public async Task PatchWorkloadTemplateAsync(WorkloadRef workload, string jsonPatch, CancellationToken cancellationToken)
    {
        var name = workload.Name ?? throw new PluginException("the rollout's spec.workloadRef has no name");
        switch (workload.Kind)
        {
            case "Deployment":
                await Call(() => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(jsonPatch, V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: cancellationToken), "patch", "deployments", name).ConfigureAwait(false);
                break;
            case "ReplicaSet":
                await Call(() => client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch(jsonPatch, V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: cancellationToken), "patch", "replicasets", name).ConfigureAwait(false);
                break;
            case "PodTemplate":
                var atTemplate = System.Text.Json.Nodes.JsonNode.Parse(jsonPatch)!.AsArray();
                foreach (var op in atTemplate)
                {
                    op!["path"] = "/template";
                }

                await Call(() => client.CoreV1.PatchNamespacedPodTemplateAsync(new V1Patch(atTemplate.ToJsonString(), V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: cancellationToken), "patch", "podtemplates", name).ConfigureAwait(false);
                break;
            default:
                throw new PluginException($"spec.workloadRef kind \"{workload.Kind}\" is not supported (Deployment, ReplicaSet or PodTemplate)");
        }
    }

    /// <summary>
    /// Sends one patch. Returns false when the target answered NotFound and the caller may fall back (the
    /// status subresource of a CRD that has none); any other failure throws.
    /// </summary>
    public async Task<bool> TrySendAsync(string name, RolloutPatchRequest request, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(request.Body, request.ContentType == RolloutPatchRequest.JsonPatch ? V1Patch.PatchType.JsonPatch : V1Patch.PatchType.MergePatch);
        var status = request.Target == PatchTarget.StatusSubresource;
        try
        {
            if (status)
            {
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, Rollout.Group, Rollout.Version, ns, Rollout.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Rollout.Group, Rollout.Version, ns, Rollout.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (HttpOperationException e) when (status && e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Describe(e, "patch", status ? "rollouts/status" : "rollouts", ns, name);
        }
        catch (HttpRequestException e)
        {
            throw ApiErrors.Unreachable(e);
        }
    }

    private static bool OwnedBy(V1ReplicaSet rs, Rollout rollout) =>
        rs.Metadata?.OwnerReferences?.Any(o => o.Kind == Rollout.KindName
            && (rollout.Metadata.Uid is null ? o.Name == rollout.Metadata.Name : o.Uid == rollout.Metadata.Uid)) == true;

    private async Task<T> Call<T>(Func<Task<T>> call, string verb, string resource, string? name)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Describe(e, verb, resource, ns, name);
        }
        catch (HttpRequestException e)
        {
            throw ApiErrors.Unreachable(e);
        }
    }
}
