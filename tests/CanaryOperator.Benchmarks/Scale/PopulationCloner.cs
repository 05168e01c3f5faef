using System.Diagnostics;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// Runs inside the emulator process: copies the settled Rollout of namespace 0 — its namespace, Deployment,
/// VirtualService, DestinationRule, Rollout and both ReplicaSets, each whole (spec, status, generation, labels,
/// annotations), with the ReplicaSets' ownerReference re-pointed at the copied Rollout's new uid — into namespaces
/// 1..N-1, straight into the emulator's store. Every Rollout has the same pod template, so the copy is exactly the
/// state the operator would have written for it: a measured run that writes nothing is the check that it is.
/// <para>
/// Why not through the API, or by settling every Rollout with the operator: on this shared 2-core machine (load 35–70)
/// the emulator served ~20 requests a second to the copier (~2 Rollouts a second: 10 requests each), and the operator
/// about one reconcile per 1.4 s while settling, so N = 10,000 did not fit a session either way. The operator still
/// reads every object through the API (list + watch), which is what figures 1–3 measure.
/// </para>
/// </summary>
internal static class PopulationCloner
{
    private const string Namespaces = "namespaces";
    private static readonly string[] Kinds =
    [
        "deployments.apps", "virtualservices.networking.istio.io", "destinationrules.networking.istio.io", "rollouts.argoproj.io",
    ];

    public static TimeSpan Clone(ObjectStore store, int rollouts)
    {
        var clock = Stopwatch.StartNew();
        var template = Population.Namespace(0);
        var ns0 = store.Get(Namespaces, null, template) ?? throw new InvalidOperationException("no template namespace");
        var objects = Kinds.Select(kind => (kind, store.Get(kind, template, Population.Name) ?? throw new InvalidOperationException($"no template {kind}"))).ToList();
        var replicaSets = store.List("replicasets.apps", template).Items
            .OrderBy(rs => (string?)rs["metadata"]?["creationTimestamp"], StringComparer.Ordinal)
            .ToList();
        for (var i = 1; i < rollouts; i++)
        {
            var ns = Population.Namespace(i);
            var nsCopy = Fresh(ns0, null);
            nsCopy["metadata"]!["name"] = ns;
            store.Create(Namespaces, nsCopy);
            string? rolloutUid = null;
            foreach (var (kind, obj) in objects)
            {
                var created = store.Create(kind, Fresh(obj, ns));
                if (kind == "rollouts.argoproj.io")
                {
                    rolloutUid = (string?)created["metadata"]?["uid"];
                }
            }

            foreach (var rs in replicaSets)
            {
                var copy = Fresh(rs, ns);
                foreach (var owner in (copy["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    owner["uid"] = rolloutUid;
                }

                store.Create("replicasets.apps", copy);
            }
        }

        return clock.Elapsed;
    }

    /// <summary>A deep copy in <paramref name="ns"/> without the fields the store assigns (uid, resourceVersion, creationTimestamp).</summary>
    private static JsonObject Fresh(JsonObject source, string? ns)
    {
        var copy = (JsonObject)source.DeepClone();
        var meta = copy["metadata"]!.AsObject();
        meta.Remove("uid");
        meta.Remove("resourceVersion");
        meta.Remove("creationTimestamp");
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        return copy;
    }
}
