using CanaryOperator.Cli;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The Deployment's args go through the operator's real <c>run</c> parser and settings validation, with the
/// environment the downward API gives the pod, so the chart cannot drift from the flags the executable accepts.
/// </summary>
public sealed class OperatorCommandLineTests
{
    public static TheoryData<string> ValuesSets() => HelmChart.ValuesSetRows();

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Rendered_args_parse_and_validate_into_the_values(string valuesSet)
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["POD_NAME"] = "canary-operator-7d9f-abcde",
            ["POD_NAMESPACE"] = deployment.Namespace,
        };

        var parsed = CommandLine.CreateRoot().Parse(deployment.Args.ToArray());
        parsed.Errors.Select(e => e.Message).Should().BeEmpty();
        var settings = RunCommand.ToSettings(parsed, name => environment.GetValueOrDefault(name));

        settings.Operator.Namespaces.Should().Equal(deployment.WatchedNamespaces);
        settings.Operator.LeaderElect.Should().Be(deployment.LeaderElection);
        settings.Operator.LeaseNamespace.Should().Be(deployment.Namespace);
        settings.Operator.Identity.Should().Be("canary-operator-7d9f-abcde");
        settings.Operator.Workers.Should().Be(int.Parse(deployment.Flag("--workers").Single(), System.Globalization.CultureInfo.InvariantCulture));
        settings.Operator.IstioApiVersion.Should().Be(deployment.Flag("--istio-api-version").Single());
        settings.LogFormat.Should().Be(deployment.Flag("--log-format").Single());
        settings.LogLevel.Should().Be(deployment.Flag("--log-level").Single());
        settings.MetricsPort.Should().Be(int.Parse(deployment.Flag("--metrics-port").Single(), System.Globalization.CultureInfo.InvariantCulture));
        settings.Operator.ResyncPeriod.Should().Be(GoDuration.Parse(deployment.Flag("--resync-period").Single(), "--resync-period"));
        settings.Kubeconfig.Should().BeNull("in a pod the operator uses its ServiceAccount");
    }

    [Fact]
    public void Every_flag_the_chart_renders_is_an_option_of_run()
    {
        var options = RunCommand.Create().Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        var flags = HelmChart.ValuesSets
            .SelectMany(set => OperatorDeployment.In(HelmChart.RenderValuesSet(set)).Args.Skip(1))
            .Select(a => a.Split('=')[0])
            .Distinct(StringComparer.Ordinal);

        options.Should().Contain(flags);
    }
}
