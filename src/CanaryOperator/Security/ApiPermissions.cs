namespace CanaryOperator.Security;

/// <summary>
/// Every Kubernetes API call the operator's adapters and runtime make, as RBAC sees it. The Helm chart's and
/// <c>deploy/</c>'s roles are tested against this table in both directions: everything here is granted and
/// nothing beyond it is. Whoever adds an API call to an adapter adds (or widens) a row here first; the
/// packaging tests then fail until the chart grants it, so a missing permission shows up in CI, not as a 403
/// in a user's cluster.
/// </summary>
public static class ApiPermissions
{
    /// <summary>The Argo Rollouts API group.</summary>
    public const string ArgoGroup = "argoproj.io";

    /// <summary>The Istio networking API group.</summary>
    public const string IstioNetworkingGroup = "networking.istio.io";

    /// <summary>The table, in the order the chart's README documents it.</summary>
    public static IReadOnlyList<ApiPermission> All { get; } =
    [
        new(ArgoGroup, "rollouts", ["list", "watch", "patch"],
            "Watch Rollouts (the informer lists and watches; reconciles read its cache, never GET). patch: set " +
            "spec.replicas to 1 when it is absent and record the revision annotation, as merge patches carrying " +
            "the cached resourceVersion, so a concurrent change fails with a conflict instead of being overwritten.",
            PermissionScope.Cluster),
        new(ArgoGroup, "rollouts/status", ["patch"],
            "Write the Rollout's status (phase, current step, pause conditions, conditions) as one merge patch " +
            "per reconcile. Users promote and abort through the same subresource.",
            PermissionScope.Cluster),
        new("apps", "replicasets", ["list", "watch", "create", "patch", "delete"],
            "The canary and stable ReplicaSets, read from the informer's cache: create the canary with an " +
            "ownerReference to the Rollout, scale by patching spec.replicas, relabel on adoption, and delete old " +
            "revisions beyond revisionHistoryLimit.",
            PermissionScope.Cluster),
        new("apps", "deployments", ["list", "watch", "patch"],
            "Watch the Deployment a Rollout's workloadRef points at (its pod template, from the informer's cache), " +
            "and patch its spec.replicas for workloadRef.scaleDown (never, onsuccess, progressively). Deployments " +
            "are never created or deleted.",
            PermissionScope.Cluster),
        new("", "services", ["list", "watch", "patch"],
            "Watch the canary and stable Services and patch their selector with the rollouts-pod-template-hash " +
            "for host-level traffic splitting. Services are never created or deleted.",
            PermissionScope.Cluster),
        new(IstioNetworkingGroup, "virtualservices", ["list", "watch", "patch"],
            "Watch VirtualServices and shift traffic: a JSON Patch that tests the route and destination before " +
            "replacing the weights, so fields the operator does not model survive. VirtualServices are never " +
            "created or deleted.",
            PermissionScope.Cluster),
        new(IstioNetworkingGroup, "destinationrules", ["list", "watch", "patch"],
            "Watch DestinationRules and point the canary and stable subsets at the ReplicaSets' " +
            "rollouts-pod-template-hash label. DestinationRules are never created or deleted.",
            PermissionScope.Cluster),
        new("", "pods", ["list", "patch"],
            "List a Rollout's pods by its selector, only while a restart (spec.restartAt) is due or ephemeral " +
            "metadata (canaryMetadata/stableMetadata) has to follow a role change: pods are not watched or cached, so " +
            "a settled Rollout costs no pod call. Patch only the labels/annotations of that ephemeral metadata.",
            PermissionScope.Cluster),
        new("", "pods/eviction", ["create"],
            "Restart a Rollout's pods (spec.restartAt, kubectl canary restart) through the Eviction API, so " +
            "PodDisruptionBudgets are honoured; pods are never deleted directly.",
            PermissionScope.Cluster),
        new("events.k8s.io", "events", ["create"],
            "Record Kubernetes events on Rollouts (step reached, paused, promoted, aborted). Create only: a repeat " +
            "of a Rollout's last event is skipped, not patched into a count.",
            PermissionScope.Cluster),
        new("coordination.k8s.io", "leases", ["get", "create", "update"],
            "Leader election between the operator's replicas: one Lease in the operator's own namespace, " +
            "created once and renewed by the leader.",
            PermissionScope.OperatorNamespace),
    ];
}
