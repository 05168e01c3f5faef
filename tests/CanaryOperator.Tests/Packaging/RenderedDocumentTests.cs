using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// Structural checks on every document <c>helm template</c> renders, for the default values and every ci/
/// file. Field names and types are checked by the real kubectl against the API emulator in
/// <see cref="KubectlServerValidationTests"/>; these are the chart's own conventions.
/// </summary>
public sealed partial class RenderedDocumentTests
{
    /// <summary>Kinds the chart may render; anything else is a surprise worth a look.</summary>
    private static readonly Dictionary<string, string> ApiVersionOfKind = new()
    {
        ["Namespace"] = "v1",
        ["ServiceAccount"] = "v1",
        ["Service"] = "v1",
        ["Deployment"] = "apps/v1",
        ["PodDisruptionBudget"] = "policy/v1",
        ["ClusterRole"] = "rbac.authorization.k8s.io/v1",
        ["ClusterRoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["Role"] = "rbac.authorization.k8s.io/v1",
        ["RoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["CustomResourceDefinition"] = "apiextensions.k8s.io/v1",
        ["ServiceMonitor"] = "monitoring.coreos.com/v1",
    };

    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

    public static TheoryData<string> ValuesSets() => HelmChart.ValuesSetRows();

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Every_document_has_a_known_kind_its_api_version_and_a_valid_name(string valuesSet)
    {
        var docs = HelmChart.RenderValuesSet(valuesSet);

        docs.Should().NotBeEmpty();
        foreach (var doc in docs)
        {
            var kind = doc.Kind();
            ApiVersionOfKind.Should().ContainKey(kind);
            doc["apiVersion"]?.GetValue<string>().Should().Be(ApiVersionOfKind[kind], kind);
            doc.Name().Should().MatchRegex(DnsSubdomain(), $"{kind} needs a DNS-1123 name");
            doc.Name().Length.Should().BeLessThanOrEqualTo(kind is "Service" or "Namespace" ? 63 : 253);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Namespaced_documents_name_their_namespace_and_cluster_documents_do_not(string valuesSet)
    {
        foreach (var doc in HelmChart.RenderValuesSet(valuesSet))
        {
            if (ClusterScopedKinds.Contains(doc.Kind()))
            {
                doc.Namespace().Should().BeNull($"{doc.Kind()} {doc.Name()} is cluster-scoped");
            }
            else
            {
                doc.Namespace().Should().NotBeNullOrEmpty($"{doc.Kind()} {doc.Name()} must not depend on kubectl's current namespace");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Every_document_carries_the_recommended_labels(string valuesSet)
    {
        foreach (var doc in HelmChart.RenderValuesSet(valuesSet))
        {
            var labels = doc["metadata"]?["labels"] as JsonObject;
            labels.Should().NotBeNull($"{doc.Kind()} {doc.Name()}");
            labels!["app.kubernetes.io/name"]?.GetValue<string>().Should().Be("canary-operator");
            labels["app.kubernetes.io/instance"]?.GetValue<string>().Should().Be(HelmChart.ReleaseName);
            labels["app.kubernetes.io/version"]?.GetValue<string>().Should().Be(ChartFacts.AppVersion);
            labels["app.kubernetes.io/part-of"]?.GetValue<string>().Should().Be("canary-operator");
            labels["app.kubernetes.io/managed-by"]?.GetValue<string>().Should().Be("Helm");
            labels["helm.sh/chart"]?.GetValue<string>().Should().Be("canary-operator-" + ChartFacts.ChartVersion);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Metrics_service_selects_the_operator_pods_on_the_metrics_port(string valuesSet)
    {
        var docs = HelmChart.RenderValuesSet(valuesSet);
        var service = docs.Single("Service");
        var deployment = OperatorDeployment.In(docs);
        var podLabels = (JsonObject)deployment.Document["spec"]!["template"]!["metadata"]!["labels"]!;

        foreach (var (key, value) in (JsonObject)service["spec"]!["selector"]!)
        {
            podLabels[key]?.GetValue<string>().Should().Be(value!.GetValue<string>(), $"selector {key}");
        }

        var port = (JsonObject)((JsonArray)service["spec"]!["ports"]!).Single()!;
        port["targetPort"]!.GetValue<string>().Should().Be("metrics");
        ((JsonArray)deployment.Container["ports"]!).Select(p => p!["name"]!.GetValue<string>()).Should().Contain("metrics");
    }

    [Fact]
    public void Service_monitor_is_off_by_default_and_scrapes_metrics_when_on()
    {
        HelmChart.Render().OfKind("ServiceMonitor").Should().BeEmpty();

        var docs = HelmChart.RenderValuesSet("ci/servicemonitor-values.yaml");
        var monitor = docs.Single("ServiceMonitor");
        var service = docs.Single("Service");
        var endpoint = monitor["spec"]!["endpoints"]![0]!;
        endpoint["port"]!.GetValue<string>().Should().Be("metrics");
        endpoint["path"]!.GetValue<string>().Should().Be("/metrics");
        endpoint["interval"]!.GetValue<string>().Should().Be("15s");
        monitor["metadata"]!["labels"]!["release"]!.GetValue<string>().Should().Be("prometheus");
        foreach (var (key, value) in (JsonObject)monitor["spec"]!["selector"]!["matchLabels"]!)
        {
            service["metadata"]!["labels"]![key]?.GetValue<string>().Should().Be(value!.GetValue<string>(), $"ServiceMonitor selector {key}");
        }

        Manifests.Strings(monitor["spec"]!["namespaceSelector"]!["matchNames"]).Should().Equal(HelmChart.ReleaseNamespace);
    }

    [Fact]
    public void Pod_disruption_budget_guards_two_replicas_and_is_skipped_for_one()
    {
        var pdb = HelmChart.Render().Single("PodDisruptionBudget");
        pdb["spec"]!["maxUnavailable"]!.GetValue<long>().Should().Be(1);
        pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/instance"]!.GetValue<string>().Should().Be(HelmChart.ReleaseName);

        HelmChart.RenderValuesSet("ci/single-replica-values.yaml").OfKind("PodDisruptionBudget").Should().BeEmpty();
    }

    [Fact]
    public void Namespace_object_is_rendered_only_on_request()
    {
        HelmChart.Render().OfKind("Namespace").Should().BeEmpty();
        var ns = HelmChart.Render("--set", "namespace.create=true").Single("Namespace");
        ns.Name().Should().Be(HelmChart.ReleaseNamespace);
        ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!.GetValue<string>().Should().Be("restricted");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
