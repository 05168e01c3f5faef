using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The installations whose RBAC is checked: chart renders with several values and the two plain manifests,
/// each with the namespaces it is expected to watch (empty = all), the namespaces its operator Roles are
/// expected in (empty = a ClusterRole for all namespaces) and whether leader election is on.
/// </summary>
internal static class RbacSources
{
    public sealed record Source(
        Func<IReadOnlyList<JsonObject>> Load, IReadOnlyList<string> WatchedNamespaces, IReadOnlyList<string> RoleNamespaces, bool LeaderElection);

    public static IReadOnlyDictionary<string, Source> All { get; } = new Dictionary<string, Source>
    {
        ["chart: default values"] = new(() => HelmChart.Render(), [], [], true),
        ["chart: ci/namespace-scope-values.yaml"] = new(() => HelmChart.RenderValuesSet("ci/namespace-scope-values.yaml"), ["team-a", "team-b"], ["team-a", "team-b"], true),
        ["chart: ci/single-replica-values.yaml"] = new(() => HelmChart.RenderValuesSet("ci/single-replica-values.yaml"), [], [], false),
        ["chart: ci/servicemonitor-values.yaml"] = new(() => HelmChart.RenderValuesSet("ci/servicemonitor-values.yaml"), [], [], true),
        ["chart: ci/crds-off-values.yaml"] = new(() => HelmChart.RenderValuesSet("ci/crds-off-values.yaml"), [], [], true),
        ["chart: rbac.scope=namespace without a namespace list"] =
            new(() => HelmChart.Render("--set", "rbac.scope=namespace"), [HelmChart.ReleaseNamespace], [HelmChart.ReleaseNamespace], true),
        ["chart: watchNamespaces with cluster scope"] =
            new(() => HelmChart.Render("--set", "operator.watchNamespaces={apps}"), ["apps"], [], true),
        ["deploy/install.yaml"] = new(() => LoadDeployFile("install.yaml"), [], [], true),
        ["deploy/namespace-install.yaml"] = new(() => LoadDeployFile("namespace-install.yaml"), [HelmChart.ReleaseNamespace], [HelmChart.ReleaseNamespace], true),
    };

    public static TheoryData<string> Rows()
    {
        var rows = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            rows.Add(name);
        }

        return rows;
    }

    private static IReadOnlyList<JsonObject> LoadDeployFile(string name) =>
        Manifests.Parse(File.ReadAllText(RepoPaths.InRepo("deploy", name)));
}
