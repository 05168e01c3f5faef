using CanaryOperator.Security;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Expands <see cref="ApiPermissions.All"/> into the grants an installation must give, no more.</summary>
internal static class PermissionTableGrants
{
    /// <param name="watchedNamespaces">The namespaces the operator watches; empty means all namespaces.</param>
    /// <param name="operatorNamespace">The namespace the operator runs in.</param>
    /// <param name="leaderElection">Whether the operator runs leader election (the only user of Leases).</param>
    public static IReadOnlySet<RbacGrant> Expected(IReadOnlyList<string> watchedNamespaces, string operatorNamespace, bool leaderElection)
    {
        var grants = new HashSet<RbacGrant>();
        foreach (var permission in ApiPermissions.All)
        {
            IReadOnlyList<string> namespaces = permission.Scope switch
            {
                PermissionScope.Cluster => watchedNamespaces.Count == 0 ? [RbacGrant.AllNamespaces] : watchedNamespaces,
                PermissionScope.OperatorNamespace => leaderElection ? [operatorNamespace] : [],
                _ => throw new InvalidOperationException("unknown scope " + permission.Scope),
            };
            foreach (var ns in namespaces)
            {
                foreach (var verb in permission.Verbs)
                {
                    grants.Add(new RbacGrant(ns, permission.Group, permission.Resource, verb));
                }
            }
        }

        return grants;
    }
}
