using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary><c>helm lint --strict</c> on the chart with its defaults and with every ci/ values file.</summary>
public sealed class HelmLintTests
{
    public static TheoryData<string> ValuesSets() => HelmChart.ValuesSetRows();

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Chart_passes_strict_lint(string valuesSet)
    {
        var result = ExternalTools.Run(ExternalTools.Helm,
            ["lint", "--strict", HelmChart.Directory, "--namespace", HelmChart.ReleaseNamespace, .. HelmChart.ValuesArguments(valuesSet)]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("0 chart(s) failed");
    }

    [Fact]
    public void Ci_folder_holds_the_scenarios_the_issue_asks_for()
    {
        // The theories run whatever is in ci/; this guards against a scenario silently disappearing.
        HelmChart.ValuesSets.Should().Contain(
        [
            "ci/namespace-scope-values.yaml",
            "ci/single-replica-values.yaml",
            "ci/servicemonitor-values.yaml",
            "ci/crds-off-values.yaml",
        ]);
    }
}
