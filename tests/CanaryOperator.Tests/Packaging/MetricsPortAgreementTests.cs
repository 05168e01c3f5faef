using System.Globalization;
using System.Text.RegularExpressions;
using CanaryOperator.Cli;
using CanaryOperator.Hosting;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// One metrics port everywhere: the operator's default, the chart's default (flag, containerPort, Service) and the
/// port the image declares, so a user who runs the binary by hand scrapes the same port the chart wires up.
/// </summary>
public sealed partial class MetricsPortAgreementTests
{
    [Fact]
    public void Chart_default_operator_default_and_image_expose_are_the_same_port()
    {
        var operatorDefault = new RunSettings().MetricsPort;
        var parsedDefault = RunCommand.ToSettings(CommandLine.CreateRoot().Parse(["run"]), _ => null).MetricsPort;
        var docs = HelmChart.Render();
        var deployment = OperatorDeployment.In(docs);
        var containerPort = ((System.Text.Json.Nodes.JsonArray)deployment.Container["ports"]!)
            .Single(p => p!["name"]!.GetValue<string>() == "metrics")!["containerPort"]!.GetValue<long>();
        var servicePort = docs.Single("Service")["spec"]!["ports"]![0]!["port"]!.GetValue<long>();
        var exposed = ExposeLine().Match(File.ReadAllText(RepoPaths.InRepo("Dockerfile"))).Groups["port"].Value;

        parsedDefault.Should().Be(operatorDefault, "the flag's default and the settings' default are one value");
        int.Parse(deployment.Flag("--metrics-port").Single(), CultureInfo.InvariantCulture).Should().Be(operatorDefault);
        containerPort.Should().Be(operatorDefault);
        servicePort.Should().Be(operatorDefault);
        exposed.Should().Be(operatorDefault.ToString(CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^EXPOSE (?<port>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExposeLine();
}
