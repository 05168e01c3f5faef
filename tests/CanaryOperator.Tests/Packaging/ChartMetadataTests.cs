using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Chart.yaml agrees with the operator's version.</summary>
public sealed class ChartMetadataTests
{
    [Fact]
    public void App_version_is_the_operator_version()
    {
        ChartFacts.AppVersion.Should().Be(ChartFacts.OperatorVersion);
    }

    [Fact]
    public void Chart_is_helm_3_application_named_canary_operator()
    {
        var chart = Manifests.Parse(File.ReadAllText(Path.Combine(HelmChart.Directory, "Chart.yaml")))[0];

        chart["apiVersion"]!.GetValue<string>().Should().Be("v2");
        chart["name"]!.GetValue<string>().Should().Be("canary-operator");
        chart["type"]!.GetValue<string>().Should().Be("application");
    }
}
