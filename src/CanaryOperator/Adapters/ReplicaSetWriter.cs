using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Runtime.Errors;
using k8s;
using k8s.Models;

namespace CanaryOperator.Adapters;

/// <summary>
/// Creates, scales, annotates and deletes the ReplicaSets a Rollout owns. Scaling, annotations and ephemeral pod-template
/// metadata are JSON merge patches that touch only the named fields, so labels and annotations written by others survive.
/// </summary>
public sealed class ReplicaSetWriter(IKubernetes client)
{
    /// <summary>Creates the ReplicaSet exactly as planned (its controller ownerReference names the Rollout).</summary>
    public async Task<WrittenObject> CreateAsync(V1ReplicaSet replicaSet, CancellationToken cancellationToken)
    {
        var ns = replicaSet.Metadata.NamespaceProperty;
        var created = await client.AppsV1.CreateNamespacedReplicaSetAsync(replicaSet, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WrittenObject(WrittenObject.ReplicaSet, ns, created.Metadata.Name, created.Metadata.ResourceVersion);
    }

    /// <summary>
    /// One merge patch: <c>spec.replicas</c>, the <c>desired-replicas</c> annotation and, when asked, the removal of
    /// <c>scale-down-deadline</c> (Argo scales and re-annotates in one update, <c>rollout/replicaset.go:scaleReplicaSet</c>).
    /// </summary>
    public async Task<WrittenObject> ScaleAsync(
        string ns, string name, int replicas, string desiredReplicasAnnotation, bool removeScaleDownDeadline, CancellationToken cancellationToken)
    {
        var annotations = new JsonObject { [RolloutAnnotations.DesiredReplicas] = desiredReplicasAnnotation };
        if (removeScaleDownDeadline)
        {
            annotations[RolloutAnnotations.ScaleDownDeadline] = null;
        }

        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = annotations },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
        var patched = await client.AppsV1.PatchNamespacedReplicaSetAsync(JsonBodies.MergePatch(body), name, ns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.ReplicaSet, ns, name, patched.Metadata.ResourceVersion);
    }

    /// <summary>Sets one annotation, or removes it when <paramref name="value"/> is null (merge patch null = delete).</summary>
    public async Task<WrittenObject> SetAnnotationAsync(string ns, string name, string key, string? value, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } };
        var patched = await client.AppsV1.PatchNamespacedReplicaSetAsync(JsonBodies.MergePatch(body), name, ns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.ReplicaSet, ns, name, patched.Metadata.ResourceVersion);
    }

    /// <summary>
    /// One merge patch: these annotations (null removes one), when given <c>spec.replicas</c>, and when given the
    /// pod template's labels/annotations (ephemeral metadata; null removes a key, every other key is left alone).
    /// </summary>
    public async Task<WrittenObject> PatchAsync(
        string ns, string name, IReadOnlyDictionary<string, string?> annotations, int? replicas, MetadataChange? template, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = JsonBodies.MergeMap(annotations) } };
        var spec = new JsonObject();
        if (replicas is { } count)
        {
            spec["replicas"] = count;
        }

        if (template is { IsEmpty: false })
        {
            spec["template"] = new JsonObject { ["metadata"] = JsonBodies.MetadataPatch(template) };
        }

        if (spec.Count > 0)
        {
            body["spec"] = spec;
        }

        var patched = await client.AppsV1.PatchNamespacedReplicaSetAsync(JsonBodies.MergePatch(body), name, ns, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WrittenObject(WrittenObject.ReplicaSet, ns, name, patched.Metadata.ResourceVersion);
    }

    /// <summary>Deletes with background propagation (pods go with it); an already deleted ReplicaSet is success.</summary>
    public async Task<WrittenObject> DeleteAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.DeleteNamespacedReplicaSetAsync(
                name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesErrors.IsNotFound(ex))
        {
            // Someone else deleted it: the desired state is reached.
        }

        return new WrittenObject(WrittenObject.ReplicaSet, ns, name, null);
    }
}
