using CanaryOperator.Security;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>The chart's README documents every permission with its reason and every value.</summary>
public sealed class ChartReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(HelmChart.Directory, "README.md"));

    [Fact]
    public void Every_permission_row_is_documented_with_its_verbs_scope_and_reason()
    {
        var lines = Readme.Split('\n');
        foreach (var permission in ApiPermissions.All)
        {
            var group = permission.Group.Length == 0 ? "`\"\" (core)`" : $"`{permission.Group}`";
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {group} | `{permission.Resource}` |", StringComparison.Ordinal));
            row.Should().NotBeNull($"README.md needs a row for {permission.Group}/{permission.Resource}");
            row.Should().Contain($"| {string.Join(", ", permission.Verbs)} |");
            row.Should().Contain(permission.Scope == PermissionScope.Cluster ? "| watched namespaces |" : "| operator namespace only |");
            row.Should().Contain(permission.Reason);
        }
    }

    [Fact]
    public void Values_table_lists_exactly_the_values_the_schema_declares()
    {
        var documented = Readme.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Split('|').Length == 6)
            .Select(l => l.Split('|')[1].Trim().Trim('`'))
            .Where(v => !v.Contains('/', StringComparison.Ordinal) && !v.Contains(' ', StringComparison.Ordinal))
            .ToList();

        documented.Should().BeEquivalentTo(ValuesSchema.DeclaredPaths());
    }

    [Fact]
    public void Notes_tell_how_to_promote()
    {
        var notes = File.ReadAllText(Path.Combine(HelmChart.Directory, "templates", "NOTES.txt"));

        notes.Should().Contain("kubectl patch rollout <name> -n <ns> --subresource status --type merge -p '{\"status\":{\"pauseConditions\":null}}'");
        notes.Should().Contain("kubectl apply").And.Contain("kubectl get rollout <name> -n <ns> -w");
    }
}
