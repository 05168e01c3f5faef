using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>values.schema.json: a wrong type fails <c>helm template</c> with a clear message, and every value is typed and described.</summary>
public sealed class ValuesSchemaTests
{
    private const string SchemaFailure = "values don't meet the specifications of the schema";

    /// <summary>A values file with a mistake, and the value path helm's message must name.</summary>
    public static TheoryData<string, string> WrongValues() => new()
    {
        { "replicaCount: two", "replicaCount" },
        { "replicaCount: 0", "replicaCount" },
        { "leaderElection:\n  enabled: \"yes\"", "leaderElection.enabled" },
        { "crds:\n  install: 1", "crds.install" },
        { "operator:\n  watchNamespaces: default", "operator.watchNamespaces" },
        { "operator:\n  watchNamespaces: [Not_A_Namespace]", "operator.watchNamespaces.0" },
        { "operator:\n  logFormat: xml", "operator.logFormat" },
        { "operator:\n  istioApiVersion: v2", "operator.istioApiVersion" },
        { "operator:\n  metricsPort: 80", "operator.metricsPort" },
        { "operator:\n  workers: \"4\"", "operator.workers" },
        { "operator:\n  qps: fast", "operator.qps" },
        { "operator:\n  resyncPeriod: 15 minutes", "operator.resyncPeriod" },
        { "rbac:\n  scope: cluster-wide", "rbac.scope" },
        { "image:\n  pullPolicy: Sometimes", "image.pullPolicy" },
        { "serviceMonitor:\n  enabled: true\n  interval: 30", "serviceMonitor.interval" },
        { "podDisruptionBudget:\n  maxUnavailable: half", "podDisruptionBudget.maxUnavailable" },
        { "tolerations: {}", "tolerations" },
        { "replicas: 2", "Additional property replicas is not allowed" },
        { "operator:\n  namespaces: [a]", "Additional property namespaces is not allowed" },
    };

    [Theory]
    [MemberData(nameof(WrongValues))]
    public void Wrong_value_fails_the_render_naming_the_value(string valuesYaml, string expectedInMessage)
    {
        var file = HelmChart.WriteTempValues(valuesYaml);

        var result = HelmChart.Template(["-f", file]);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain(SchemaFailure).And.Contain(expectedInMessage);
    }

    [Fact]
    public void Correct_values_of_every_shape_render()
    {
        var file = HelmChart.WriteTempValues("""
            replicaCount: 3
            operator:
              qps: 12.5
              resyncPeriod: 1h30m
              watchNamespaces: [shop, payments]
            podDisruptionBudget:
              maxUnavailable: "50%"
            resources:
              requests: {cpu: 1, memory: 128Mi}
            """);

        HelmChart.Template(["-f", file]).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Every_value_in_values_yaml_is_typed_and_described_in_the_schema()
    {
        var values = (JsonObject)YamlDocuments.Parse(File.ReadAllText(Path.Combine(HelmChart.Directory, "values.yaml")))[0];
        var schema = ValuesSchema.Load();

        var problems = new List<string>();
        ValuesSchema.CheckDescribed(schema, schema, values, "", problems);

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Schema_check_reports_an_undocumented_value()
    {
        var schema = ValuesSchema.Load();
        var values = new JsonObject { ["replicaCount"] = 1, ["brandNew"] = true };

        var problems = new List<string>();
        ValuesSchema.CheckDescribed(schema, schema, values, "", problems);

        problems.Should().ContainSingle().Which.Should().Contain("brandNew");
    }
}
