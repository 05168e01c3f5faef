using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// The kinds the emulator serves: the built-ins it knows, plus one entry per served version of every
/// CustomResourceDefinition created through the API (removed again when the CRD is deleted). Thread-safe.
/// </summary>
public sealed class ResourceRegistry
{
    private static readonly ScalePaths BuiltInScale = new(".spec.replicas", ".status.replicas", null);
    private static readonly string[] PodFields =
        ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"];

    private static readonly string[] EventFields =
    [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    ];

    private readonly Lock _gate = new();
    private readonly List<ResourceType> _types = [];

    public ResourceRegistry()
    {
        _types.AddRange(BuiltIns());
    }

    /// <summary>All served resource versions.</summary>
    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _types];
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
        }
    }

    /// <summary>Finds a kind in a group (any version, preferring <paramref name="version"/>).</summary>
    public ResourceType? FindKind(string group, string kind, string? version = null)
    {
        lock (_gate)
        {
            return _types.FirstOrDefault(t => t.Group == group && t.Kind == kind && (version is null || t.Version == version))
                ?? _types.FirstOrDefault(t => t.Group == group && t.Kind == kind);
        }
    }

    /// <summary>True when some served version of the group exists.</summary>
    public bool HasGroupVersion(string group, string version)
    {
        lock (_gate)
        {
            return _types.Any(t => t.Group == group && t.Version == version);
        }
    }

    /// <summary>Groups with their versions, preferred version first (Kubernetes version priority).</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        lock (_gate)
        {
            return _types
                .GroupBy(t => t.Group)
                .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(t => t.Version).Distinct().OrderBy(v => v, VersionPriority.Comparer)]))
                .ToList();
        }
    }

    /// <summary>Registers (or re-registers) the served versions of a CRD; returns them.</summary>
    public IReadOnlyList<ResourceType> AddCrd(JsonObject crd)
    {
        var types = FromCrd(crd);
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        lock (_gate)
        {
            _types.RemoveAll(t => t.CrdName == name);
            _types.AddRange(types);
        }

        return types;
    }

    /// <summary>Removes a CRD's kinds; returns the storage key they used (null if unknown).</summary>
    public string? RemoveCrd(string crdName)
    {
        lock (_gate)
        {
            var key = _types.FirstOrDefault(t => t.CrdName == crdName)?.StorageKey;
            _types.RemoveAll(t => t.CrdName == crdName);
            return key;
        }
    }

    /// <summary>Reads a CRD's spec into resource types (one per served version).</summary>
    public static IReadOnlyList<ResourceType> FromCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw new ArgumentException("CRD has no spec");
        var group = spec["group"]?.GetValue<string>() ?? string.Empty;
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var plural = names["plural"]?.GetValue<string>() ?? string.Empty;
        var kind = names["kind"]?.GetValue<string>() ?? string.Empty;
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = (names["shortNames"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        var namespaced = !string.Equals(spec["scope"]?.GetValue<string>(), "Cluster", StringComparison.Ordinal);
        var result = new List<ResourceType>();
        foreach (var v in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (v["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var sub = v["subresources"] as JsonObject;
            ScalePaths? scale = null;
            if (sub?["scale"] is JsonObject s)
            {
                scale = new ScalePaths(
                    s["specReplicasPath"]?.GetValue<string>() ?? ".spec.replicas",
                    s["statusReplicasPath"]?.GetValue<string>() ?? ".status.replicas",
                    s["labelSelectorPath"]?.GetValue<string>());
            }

            result.Add(new ResourceType
            {
                Group = group,
                Version = v["name"]?.GetValue<string>() ?? "v1",
                Plural = plural,
                Singular = singular,
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = sub?["status"] is not null,
                Scale = scale,
                IsCustom = true,
                CrdName = plural + "." + group,
            });
        }

        return result;
    }

    private static IEnumerable<ResourceType> BuiltIns()
    {
        yield return new ResourceType { Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace", Namespaced = false, ShortNames = ["ns"], HasStatus = true, ExtraFieldSelectors = ["status.phase"] };
        yield return new ResourceType { Group = "", Version = "v1", Plural = "services", Singular = "service", Kind = "Service", Namespaced = true, ShortNames = ["svc"], HasStatus = true, Categories = ["all"] };
        yield return new ResourceType { Group = "", Version = "v1", Plural = "pods", Singular = "pod", Kind = "Pod", Namespaced = true, ShortNames = ["po"], HasStatus = true, Categories = ["all"], ExtraFieldSelectors = PodFields };
        yield return new ResourceType { Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true, ShortNames = ["ev"], ExtraFieldSelectors = EventFields };
        yield return new ResourceType { Group = "apps", Version = "v1", Plural = "deployments", Singular = "deployment", Kind = "Deployment", Namespaced = true, ShortNames = ["deploy"], HasStatus = true, Scale = BuiltInScale, Categories = ["all"], ImmutablePaths = ["spec.selector"] };
        yield return new ResourceType { Group = "apps", Version = "v1", Plural = "replicasets", Singular = "replicaset", Kind = "ReplicaSet", Namespaced = true, ShortNames = ["rs"], HasStatus = true, Scale = BuiltInScale, Categories = ["all"], ImmutablePaths = ["spec.selector"] };
        foreach (var v in new[] { "v2", "v1" })
        {
            yield return new ResourceType { Group = "autoscaling", Version = v, Plural = "horizontalpodautoscalers", Singular = "horizontalpodautoscaler", Kind = "HorizontalPodAutoscaler", Namespaced = true, ShortNames = ["hpa"], HasStatus = true, Categories = ["all"] };
        }

        yield return new ResourceType { Group = "", Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount", Namespaced = true, ShortNames = ["sa"] };
        yield return new ResourceType { Group = "policy", Version = "v1", Plural = "poddisruptionbudgets", Singular = "poddisruptionbudget", Kind = "PodDisruptionBudget", Namespaced = true, ShortNames = ["pdb"], HasStatus = true };

        // RBAC objects are stored and served (installers apply them); the emulator does not authorize requests.
        yield return new ResourceType { Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "roles", Singular = "role", Kind = "Role", Namespaced = true };
        yield return new ResourceType { Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "rolebindings", Singular = "rolebinding", Kind = "RoleBinding", Namespaced = true, ImmutablePaths = ["roleRef"] };
        yield return new ResourceType { Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "clusterroles", Singular = "clusterrole", Kind = "ClusterRole", Namespaced = false };
        yield return new ResourceType { Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "clusterrolebindings", Singular = "clusterrolebinding", Kind = "ClusterRoleBinding", Namespaced = false, ImmutablePaths = ["roleRef"] };
        yield return new ResourceType { Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease", Namespaced = true };
        yield return new ResourceType { Group = "events.k8s.io", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true, ShortNames = ["ev"] };
        yield return new ResourceType { Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"], HasStatus = true, Categories = ["api-extensions"] };
    }
}
