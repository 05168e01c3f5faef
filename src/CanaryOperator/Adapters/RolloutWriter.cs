using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// The two writes on the Rollout's main resource: <c>spec.replicas: 1</c> when it is absent (so an HPA can scale it,
/// <c>rollout/controller.go:syncHandler</c>) and the <c>rollout.argoproj.io/revision</c> annotation. Both carry the
/// cached <c>resourceVersion</c> so that a concurrent user edit turns into a 409 (retried) rather than being overwritten.
/// </summary>
public sealed class RolloutWriter(IKubernetes client)
{
    public Task<WrittenObject> SetReplicasAsync(string ns, string name, int replicas, string? resourceVersion, CancellationToken cancellationToken) =>
        PatchAsync(ns, name, resourceVersion, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }, cancellationToken);

    public Task<WrittenObject> SetRevisionAsync(string ns, string name, string revision, string? resourceVersion, CancellationToken cancellationToken) =>
        PatchAsync(ns, name, resourceVersion,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RolloutAnnotations.Revision] = revision } } },
            cancellationToken);

    private async Task<WrittenObject> PatchAsync(string ns, string name, string? resourceVersion, JsonObject body, CancellationToken cancellationToken)
    {
        if (resourceVersion is not null)
        {
            var meta = body["metadata"] as JsonObject ?? new JsonObject();
            meta["resourceVersion"] = resourceVersion;
            body["metadata"] = meta;
        }

        var response = await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            JsonBodies.MergePatch(body), Rollout.Group, Rollout.Version, ns, Rollout.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WrittenObject(WrittenObject.Rollout, ns, name, JsonBodies.ResourceVersionOf(response));
    }
}
