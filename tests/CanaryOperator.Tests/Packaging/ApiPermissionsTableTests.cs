using CanaryOperator.Security;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>The permission table is well-formed and says what the design needs.</summary>
public sealed class ApiPermissionsTableTests
{
    private static readonly HashSet<string> RbacVerbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    [Fact]
    public void Rows_are_unique_with_known_lower_case_verbs_and_a_reason()
    {
        ApiPermissions.All.Select(p => (p.Group, p.Resource)).Should().OnlyHaveUniqueItems();
        foreach (var permission in ApiPermissions.All)
        {
            permission.Verbs.Should().NotBeEmpty().And.OnlyHaveUniqueItems().And.OnlyContain(v => RbacVerbs.Contains(v), permission.Resource);
            permission.Resource.Should().MatchRegex("^[a-z]+(/[a-z]+)?$");
            permission.Reason.Length.Should().BeGreaterThan(30, $"{permission.Resource} needs a real reason");
        }
    }

    [Fact]
    public void Status_is_written_through_the_status_subresource_and_scale_is_not_used()
    {
        Row(ApiPermissions.ArgoGroup, "rollouts/status").Verbs.Should().Equal("patch");
        ApiPermissions.All.Should().NotContain(p => p.Resource == "rollouts/scale");
    }

    [Fact]
    public void Leases_are_the_only_operator_namespace_rows()
    {
        ApiPermissions.All.Where(p => p.Scope == PermissionScope.OperatorNamespace)
            .Select(p => (p.Group, p.Resource)).Should().Equal(("coordination.k8s.io", "leases"));
        Row("coordination.k8s.io", "leases").Verbs.Should().BeEquivalentTo("get", "create", "update");
    }

    [Fact]
    public void Subresource_is_split_from_the_resource()
    {
        var status = Row(ApiPermissions.ArgoGroup, "rollouts/status");
        status.BaseResource.Should().Be("rollouts");
        status.Subresource.Should().Be("status");
        Row(ApiPermissions.ArgoGroup, "rollouts").Subresource.Should().BeNull();
    }

    private static ApiPermission Row(string group, string resource) =>
        ApiPermissions.All.Single(p => p.Group == group && p.Resource == resource);
}
