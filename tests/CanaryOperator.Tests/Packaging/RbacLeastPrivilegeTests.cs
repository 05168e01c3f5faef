using CanaryOperator.Security;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The operator's ServiceAccount gets exactly what <see cref="ApiPermissions.All"/> lists — everything in the
/// table (or the operator gets 403s) and nothing beyond it — in every installation: chart renders and the plain
/// manifests. The explicit "never" checks hold even if someone widens the table.
/// </summary>
public sealed class RbacLeastPrivilegeTests
{
    public static TheoryData<string> Sources() => RbacSources.Rows();

    [Theory]
    [MemberData(nameof(Sources))]
    public void Operator_watches_the_expected_namespaces_with_the_expected_leader_election(string source)
    {
        var expected = RbacSources.All[source];
        var deployment = OperatorDeployment.In(expected.Load());

        deployment.WatchedNamespaces.Should().BeEquivalentTo(expected.WatchedNamespaces);
        deployment.LeaderElection.Should().Be(expected.LeaderElection);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Service_account_is_granted_exactly_the_permission_table(string source)
    {
        var expected = RbacSources.All[source];
        var docs = expected.Load();
        var deployment = OperatorDeployment.In(docs);
        var rbac = EffectiveRbac.For(docs, deployment.ServiceAccountName, deployment.Namespace);

        rbac.Problems.Should().BeEmpty();
        var wanted = PermissionTableGrants.Expected(expected.RoleNamespaces, deployment.Namespace, deployment.LeaderElection);
        rbac.Grants.Except(wanted).Select(g => g.ToString()).Should().BeEmpty("nothing beyond the permission table may be granted");
        wanted.Except(rbac.Grants).Select(g => g.ToString()).Should().BeEmpty("every call in the permission table must be allowed");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_watched_namespace_is_covered_by_the_grants(string source)
    {
        var docs = RbacSources.All[source].Load();
        var deployment = OperatorDeployment.In(docs);
        var rbac = EffectiveRbac.For(docs, deployment.ServiceAccountName, deployment.Namespace);
        IReadOnlyList<string> watched = deployment.WatchedNamespaces.Count == 0 ? [RbacGrant.AllNamespaces] : deployment.WatchedNamespaces;

        foreach (var ns in watched)
        {
            foreach (var permission in ApiPermissions.All.Where(p => p.Scope == PermissionScope.Cluster))
            {
                foreach (var verb in permission.Verbs)
                {
                    rbac.Grants.Should().Contain(
                        g => g.Group == permission.Group && g.Resource == permission.Resource && g.Verb == verb &&
                             (g.Namespace == RbacGrant.AllNamespaces || g.Namespace == ns),
                        $"the operator calls {verb} {permission.Resource} in watched namespace {ns}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Installation_never_grants_the_forbidden_calls(string source)
    {
        var docs = RbacSources.All[source].Load();
        var deployment = OperatorDeployment.In(docs);
        var grants = EffectiveRbac.For(docs, deployment.ServiceAccountName, deployment.Namespace).Grants
            .Select(g => (g.Namespace, g.Group, g.Resource, g.Verb)).ToList();

        ForbiddenCalls.Violations(grants, deployment.Namespace).Should().BeEmpty();
    }

    [Fact]
    public void Permission_table_itself_never_lists_the_forbidden_calls()
    {
        var rows = ApiPermissions.All.SelectMany(p => p.Verbs.Select(v =>
            (Namespace: p.Scope == PermissionScope.OperatorNamespace ? "operator-ns" : RbacGrant.AllNamespaces, p.Group, p.Resource, Verb: v)));

        ForbiddenCalls.Violations(rows.ToList(), "operator-ns").Should().BeEmpty();
    }

    [Fact]
    public void Forbidden_call_checks_catch_a_widened_grant()
    {
        // The checks must be able to fail: a table row widened by mistake is caught.
        var widened = new List<(string, string, string, string)>
        {
            ("*", "", "secrets", "get"),
            ("*", "", "configmaps", "list"),
            ("*", "apps", "deployments", "delete"),
            ("*", "networking.istio.io", "virtualservices", "create"),
            ("*", "argoproj.io", "rollouts/scale", "update"),
            ("*", "coordination.k8s.io", "leases", "get"),
        };

        ForbiddenCalls.Violations(widened, "operator-ns").Should().HaveCount(6);
    }

    [Fact]
    public void Binding_to_another_service_account_grants_the_operator_nothing()
    {
        var docs = HelmChart.Render();
        var rbac = EffectiveRbac.For(docs, "someone-else", HelmChart.ReleaseNamespace);

        rbac.Grants.Should().BeEmpty();
    }

    [Fact]
    public void Aggregated_user_roles_exist_but_are_not_bound_to_the_operator()
    {
        var docs = HelmChart.Render();
        var aggregated = docs.OfKind("ClusterRole").Where(r => r.Name().Contains("aggregate-to-", StringComparison.Ordinal)).ToList();

        aggregated.Select(r => r.Name()).Should().BeEquivalentTo(
            "canary-operator-aggregate-to-admin", "canary-operator-aggregate-to-edit", "canary-operator-aggregate-to-view");
        docs.Where(d => d.Kind() is "RoleBinding" or "ClusterRoleBinding")
            .Select(b => b["roleRef"]!["name"]!.GetValue<string>())
            .Should().NotContain(aggregated.Select(r => r.Name()));
    }

    [Fact]
    public void Rbac_create_false_renders_no_roles_or_bindings()
    {
        var docs = HelmChart.Render("--set", "rbac.create=false");

        docs.Where(d => d.Kind() is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding").Should().BeEmpty();
    }
}
