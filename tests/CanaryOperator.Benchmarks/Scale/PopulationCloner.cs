using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// Copies the settled Rollout of namespace 0 (its Deployment, VirtualService, DestinationRule, Rollout with its
/// status, and both ReplicaSets with their status and the ownerReference re-pointed at the copy's uid) into
/// namespaces 1..N-1,
/// through the API. Every Rollout has the same pod template, so the copy is exactly the state the operator would
/// have written for it: a measured run that writes nothing is the check that it is. This replaces settling N
/// Rollouts through the operator, which needs ~25 writes and several cache round trips per Rollout and did not
/// fit a session at N = 10,000 on the shared machine (1 reconcile per 1.4 s under load 40).
/// </summary>
internal static class PopulationCloner
{
    public static async Task<TimeSpan> CloneAsync(IKubernetes client, int rollouts, int parallelism)
    {
        var clock = Stopwatch.StartNew();
        var template = Population.Namespace(0);
        var rollout = await GetAsync(client, "argoproj.io", "v1alpha1", "rollouts", template, Population.Name).ConfigureAwait(false);
        var virtualService = await GetAsync(client, "networking.istio.io", "v1alpha3", "virtualservices", template, Population.Name).ConfigureAwait(false);
        var destinationRule = await GetAsync(client, "networking.istio.io", "v1alpha3", "destinationrules", template, Population.Name).ConfigureAwait(false);
        var replicaSets = ((JsonArray)JsonNode.Parse(((JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync("apps", "v1", template, "replicasets").ConfigureAwait(false)).GetRawText())!["items"]!)
            .OfType<JsonObject>()
            .OrderBy(rs => int.Parse((string?)rs["metadata"]?["annotations"]?["rollout.argoproj.io/revision"] ?? "0", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var status = new JsonObject { ["status"] = rollout["status"]!.DeepClone() };
        var deployment = Population.Objects(template).First(o => o.Plural == "deployments").Body;

        await Parallel.ForEachAsync(Enumerable.Range(1, rollouts - 1), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var ns = Population.Namespace(i);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct).ConfigureAwait(false);

            // The Deployment is created at the first image and changed to the second, as the template's was, so
            // that its generation (which the operator records) matches.
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Copy(deployment, ns), "apps", "v1", ns, "deployments", cancellationToken: ct).ConfigureAwait(false);
            await DriverActions.SetImagesAsync(client, [i], Population.SecondImage, 1).ConfigureAwait(false);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Copy(virtualService, ns), "networking.istio.io", "v1alpha3", ns, "virtualservices", cancellationToken: ct).ConfigureAwait(false);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(Copy(destinationRule, ns), "networking.istio.io", "v1alpha3", ns, "destinationrules", cancellationToken: ct).ConfigureAwait(false);
            var created = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(Copy(rollout, ns), "argoproj.io", "v1alpha1", ns, "rollouts", cancellationToken: ct).ConfigureAwait(false);
            var uid = created.GetProperty("metadata").GetProperty("uid").GetString()!;
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", ns, "rollouts", Population.Name, cancellationToken: ct).ConfigureAwait(false);
            foreach (var rs in replicaSets)
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(Copy(rs, ns, uid), "apps", "v1", ns, "replicasets", cancellationToken: ct).ConfigureAwait(false);
                var rsStatus = new JsonObject { ["status"] = rs["status"]?.DeepClone() };
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                    new V1Patch(rsStatus.ToJsonString(), V1Patch.PatchType.MergePatch), "apps", "v1", ns, "replicasets", (string)rs["metadata"]!["name"]!, cancellationToken: ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static async Task<JsonObject> GetAsync(IKubernetes client, string group, string version, string plural, string ns, string name) =>
        (JsonObject)JsonNode.Parse(((JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name).ConfigureAwait(false)).GetRawText())!;

    /// <summary>apiVersion, kind, name, labels, annotations, spec (and the ownerReferences, re-pointed at <paramref name="ownerUid"/>).</summary>
    private static JsonObject Copy(JsonObject source, string ns, string? ownerUid = null)
    {
        var sourceMeta = source["metadata"]!.AsObject();
        var meta = new JsonObject { ["name"] = sourceMeta["name"]!.DeepClone(), ["namespace"] = ns };
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (sourceMeta[field] is { } value)
            {
                meta[field] = value.DeepClone();
            }
        }

        if (ownerUid is not null && sourceMeta["ownerReferences"] is JsonArray owners)
        {
            var copy = (JsonArray)owners.DeepClone();
            foreach (var owner in copy.OfType<JsonObject>())
            {
                owner["uid"] = ownerUid;
            }

            meta["ownerReferences"] = copy;
        }

        return new JsonObject
        {
            ["apiVersion"] = source["apiVersion"]!.DeepClone(),
            ["kind"] = source["kind"]!.DeepClone(),
            ["metadata"] = meta,
            ["spec"] = source["spec"]!.DeepClone(),
        };
    }
}
