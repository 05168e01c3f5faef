using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>deploy/*.yaml are what deploy/generate.sh renders from the chart today, and hold a whole install.</summary>
public sealed class DeployManifestsTests
{
    public static TheoryData<string> Files() => new() { "install.yaml", "namespace-install.yaml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Committed_file_equals_a_fresh_render(string file)
    {
        var outDir = Directory.CreateTempSubdirectory("canary-deploy-").FullName;

        var result = ExternalTools.Run("bash", [RepoPaths.InRepo("deploy", "generate.sh"), "--out", outDir],
            environment: new Dictionary<string, string> { ["HELM"] = ExternalTools.Helm });

        result.ExitCode.Should().Be(0, result.ToString());
        File.ReadAllText(RepoPaths.InRepo("deploy", file)).Should().Be(
            File.ReadAllText(Path.Combine(outDir, file)), "deploy/ is stale: run deploy/generate.sh");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_is_a_complete_install(string file)
    {
        var docs = Manifests.Parse(File.ReadAllText(RepoPaths.InRepo("deploy", file)));

        docs.Single("Namespace").Name().Should().Be(HelmChart.ReleaseNamespace);
        docs.OfKind("CustomResourceDefinition").Select(d => d.Name()).Should().Contain("rollouts.argoproj.io");
        docs.Single("ServiceAccount").Name().Should().Be("canary-operator");
        docs.Single("Deployment").Namespace().Should().Be(HelmChart.ReleaseNamespace);
        docs.Single("Service").Name().Should().Be("canary-operator-metrics");
        docs.OfKind("ServiceMonitor").Should().BeEmpty("plain manifests must apply without the Prometheus Operator");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_object_fits_client_side_apply(string file)
    {
        // Plain `kubectl apply -f` stores the whole object in the last-applied-configuration annotation, and all
        // annotations together may not exceed 256 KiB (Argo's full Rollout CRD does, and needs --server-side).
        const int AnnotationLimit = 256 * 1024;
        foreach (var doc in Manifests.Parse(File.ReadAllText(RepoPaths.InRepo("deploy", file))))
        {
            System.Text.Encoding.UTF8.GetByteCount(doc.ToJsonString()).Should().BeLessThan(
                AnnotationLimit - 4096, $"{doc.Kind()} {doc.Name()} must fit kubectl's last-applied annotation");
        }
    }

    [Fact]
    public void Install_is_cluster_wide_and_namespace_install_uses_roles_only()
    {
        var cluster = Manifests.Parse(File.ReadAllText(RepoPaths.InRepo("deploy", "install.yaml")));
        var namespaced = Manifests.Parse(File.ReadAllText(RepoPaths.InRepo("deploy", "namespace-install.yaml")));

        cluster.OfKind("ClusterRoleBinding").Should().ContainSingle();
        namespaced.OfKind("ClusterRole").Should().BeEmpty();
        namespaced.OfKind("ClusterRoleBinding").Should().BeEmpty();
        namespaced.OfKind("Role").Select(r => r.Namespace()).Should().OnlyContain(ns => ns == HelmChart.ReleaseNamespace);
    }
}
