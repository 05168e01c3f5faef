using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The CI check with real tools: every document <c>helm template</c> renders (default values and every ci/
/// file) and both <c>deploy/</c> files go through the real <c>kubectl apply --dry-run=server</c> against a fresh API
/// emulator, which refuses unknown fields and mistyped values (<c>fieldValidation=Strict</c>, kubectl's default):
/// built-in kinds by KubernetesClient's models, the Rollout CRD's objects by its schema. The same files then install
/// for real with the README's plain <c>kubectl apply -f</c>.
/// </summary>
public sealed class KubectlServerValidationTests
{
    private static readonly string[] DeployFiles = ["deploy/install.yaml", "deploy/namespace-install.yaml"];

    public static TheoryData<string> Sources()
    {
        var rows = new TheoryData<string>();
        foreach (var source in HelmChart.ValuesSets.Concat(DeployFiles))
        {
            rows.Add(source);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Every_rendered_document_passes_server_side_dry_run_and_nothing_is_stored(string source)
    {
        await using var cluster = await KubectlAgainstEmulator.StartAsync();
        var manifest = cluster.WriteFile("rendered.yaml", Rendered(source));
        var documents = Manifests.Parse(File.ReadAllText(manifest));
        PrepareCluster(cluster, documents);
        var writesBefore = cluster.Api.Store.CurrentResourceVersion;

        var output = cluster.Ok("apply", "--dry-run=server", "-f", manifest);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(documents.Count).And.OnlyContain(l => l.EndsWith("(server dry run)", StringComparison.Ordinal));
        foreach (var doc in documents)
        {
            lines.Should().Contain(l => l.Contains("/" + doc.Name() + " ", StringComparison.Ordinal), $"{doc.Kind()} {doc.Name()}");
        }

        cluster.Api.Store.CurrentResourceVersion.Should().Be(writesBefore, "a server-side dry run stores nothing");
    }

    [Theory]
    [InlineData("deploy/install.yaml")]
    [InlineData("deploy/namespace-install.yaml")]
    public async Task Plain_manifests_install_into_a_fresh_cluster_with_kubectl_apply(string file)
    {
        await using var cluster = await KubectlAgainstEmulator.StartAsync();
        var documents = Manifests.Parse(File.ReadAllText(RepoPaths.InRepo(file)));

        cluster.Ok("apply", "-f", RepoPaths.InRepo(file));

        foreach (var doc in documents)
        {
            var apiVersion = doc["apiVersion"]!.GetValue<string>();
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
            var type = cluster.Api.Registry.FindKind(group, doc.Kind());
            type.Should().NotBeNull($"{doc.Kind()} is served");
            cluster.Api.Get(group, type!.Plural, doc.Namespace(), doc.Name()).Should().NotBeNull($"{doc.Kind()} {doc.Name()} was installed");
        }

        // kubectl always sends a patch for a PodDisruptionBudget (its selector's patch strategy is "replace") and
        // prints "configured", as against a real cluster; what matters is that nothing changes.
        var resourceVersion = cluster.Api.Store.CurrentResourceVersion;
        cluster.Ok("apply", "-f", RepoPaths.InRepo(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("poddisruptionbudget.policy/", StringComparison.Ordinal))
            .Should().OnlyContain(l => l.EndsWith(" unchanged", StringComparison.Ordinal));
        cluster.Api.Store.CurrentResourceVersion.Should().Be(resourceVersion, "a second apply is a no-op");
    }

    [Fact]
    public async Task A_typo_in_the_deployment_or_a_mistyped_value_is_refused_by_the_same_path()
    {
        await using var cluster = await KubectlAgainstEmulator.StartAsync();
        var rendered = Rendered(HelmChart.DefaultValues);
        PrepareCluster(cluster, Manifests.Parse(rendered));
        rendered.Should().Contain("imagePullPolicy: ").And.Contain("replicas: 2");

        var typo = cluster.WriteFile("typo.yaml", rendered.Replace("imagePullPolicy: ", "imagePullPolicyy: ", StringComparison.Ordinal));
        var result = cluster.Run("apply", "--dry-run=server", "-f", typo);
        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"");

        var mistyped = cluster.WriteFile("mistyped.yaml", rendered.Replace("replicas: 2", "replicas: two", StringComparison.Ordinal));
        result = cluster.Run("apply", "--dry-run=server", "-f", mistyped);
        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("spec.replicas");

        var monitor = Rendered("ci/servicemonitor-values.yaml").Replace("scrapeTimeout: ", "scrapeTimout: ", StringComparison.Ordinal);
        PrepareCluster(cluster, Manifests.Parse(monitor));
        result = cluster.Run("apply", "--dry-run=server", "-f", cluster.WriteFile("monitor.yaml", monitor));
        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("unknown field \"spec.endpoints[0].scrapeTimout\"", "custom kinds are checked by their CRD schema");
    }

    /// <summary>The YAML of a values set (rendered by helm) or of a deploy/ file.</summary>
    private static string Rendered(string source)
    {
        if (source.StartsWith("deploy/", StringComparison.Ordinal))
        {
            return File.ReadAllText(RepoPaths.InRepo(source));
        }

        var result = HelmChart.Template(HelmChart.ValuesArguments(source));
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException("helm template failed: " + result);
    }

    /// <summary>
    /// What must exist before a dry run, as on a real cluster: the namespaces the documents go into (the release
    /// namespace and, with namespace scope, the watched ones; a dry run creates nothing, so a Namespace document does
    /// not make its objects admissible) and the CRD of any kind the chart does not ship.
    /// </summary>
    private static void PrepareCluster(KubectlAgainstEmulator cluster, IReadOnlyList<System.Text.Json.Nodes.JsonObject> documents)
    {
        // Through the emulator's API: `kubectl create namespace` sends protobuf, which the emulator does not speak.
        foreach (var ns in documents.Select(d => d.Namespace()).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            cluster.Api.EnsureNamespace(ns);
        }

        if (documents.Any(d => d.Kind() == "ServiceMonitor") && cluster.Api.Registry.FindKind("monitoring.coreos.com", "ServiceMonitor") is null)
        {
            cluster.Ok("apply", "-f", RepoPaths.InRepo("tests", "CanaryOperator.Tests", "Packaging", "Fixtures", "servicemonitor-crd-subset.yaml"));
        }
    }
}
