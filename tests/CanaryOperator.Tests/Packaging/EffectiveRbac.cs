using System.Text.Json.Nodes;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// What a ServiceAccount may do according to a set of manifests: follows every RoleBinding and
/// ClusterRoleBinding naming it to the rules of the role it references, the way the API server's RBAC
/// authorizer does. Roles not bound to the account (e.g. the aggregate-to-admin ClusterRoles for people)
/// grant it nothing. Wildcards, resourceNames and nonResourceURLs are reported as problems rather than
/// expanded: the operator's roles must name every resource and verb.
/// </summary>
internal sealed class EffectiveRbac
{
    private EffectiveRbac(IReadOnlySet<RbacGrant> grants, IReadOnlyList<string> problems)
    {
        Grants = grants;
        Problems = problems;
    }

    public IReadOnlySet<RbacGrant> Grants { get; }

    /// <summary>Rules that cannot be expressed as plain grants (wildcards, resourceNames, dangling roleRefs).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static EffectiveRbac For(IReadOnlyList<JsonObject> docs, string serviceAccount, string serviceAccountNamespace)
    {
        var grants = new HashSet<RbacGrant>();
        var problems = new List<string>();
        foreach (var binding in docs.Where(d => d.Kind() is "RoleBinding" or "ClusterRoleBinding"))
        {
            if (!NamesServiceAccount(binding, serviceAccount, serviceAccountNamespace))
            {
                continue;
            }

            var roleKind = binding["roleRef"]?["kind"]?.GetValue<string>() ?? "";
            var roleName = binding["roleRef"]?["name"]?.GetValue<string>() ?? "";
            var bindingNamespace = binding.Kind() == "ClusterRoleBinding" ? RbacGrant.AllNamespaces : binding.Namespace() ?? "";
            var role = docs.FirstOrDefault(d => d.Kind() == roleKind && d.Name() == roleName &&
                                                (roleKind == "ClusterRole" || d.Namespace() == bindingNamespace));
            if (role is null)
            {
                problems.Add($"{binding.Kind()} {binding.Name()} references {roleKind} {roleName}, which is not in the manifests");
                continue;
            }

            if (binding.Kind() == "ClusterRoleBinding" && roleKind != "ClusterRole")
            {
                problems.Add($"ClusterRoleBinding {binding.Name()} references a {roleKind}");
                continue;
            }

            AddRules(role, bindingNamespace, grants, problems);
        }

        return new EffectiveRbac(grants, problems);
    }

    private static bool NamesServiceAccount(JsonObject binding, string name, string ns) =>
        binding["subjects"] is JsonArray subjects && subjects.Any(s =>
            s?["kind"]?.GetValue<string>() == "ServiceAccount" &&
            s["name"]?.GetValue<string>() == name &&
            s["namespace"]?.GetValue<string>() == ns);

    private static void AddRules(JsonObject role, string ns, HashSet<RbacGrant> grants, List<string> problems)
    {
        if (role["aggregationRule"] is not null)
        {
            problems.Add($"{role.Kind()} {role.Name()} is aggregated: its rules are not visible in the manifests");
        }

        foreach (var rule in role["rules"] as JsonArray ?? [])
        {
            var where = $"{role.Kind()} {role.Name()}";
            if (rule?["resourceNames"] is JsonArray { Count: > 0 })
            {
                problems.Add($"{where} uses resourceNames (not modelled by the permission table)");
            }

            if (rule?["nonResourceURLs"] is JsonArray { Count: > 0 })
            {
                problems.Add($"{where} grants nonResourceURLs");
            }

            var groups = Manifests.Strings(rule?["apiGroups"]);
            var resources = Manifests.Strings(rule?["resources"]);
            var verbs = Manifests.Strings(rule?["verbs"]);
            if (groups.Contains("*") || resources.Contains("*") || verbs.Contains("*") ||
                resources.Any(r => r.EndsWith("/*", StringComparison.Ordinal)))
            {
                problems.Add($"{where} uses a wildcard: groups [{string.Join(",", groups)}] resources [{string.Join(",", resources)}] verbs [{string.Join(",", verbs)}]");
            }

            foreach (var group in groups)
            {
                foreach (var resource in resources)
                {
                    foreach (var verb in verbs)
                    {
                        grants.Add(new RbacGrant(ns, group, resource, verb));
                    }
                }
            }
        }
    }
}
