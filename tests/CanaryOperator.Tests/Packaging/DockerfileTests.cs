using System.Text.RegularExpressions;
using System.Xml.Linq;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// No Docker engine here, so the Dockerfile is checked as text against the facts it depends on: the publish
/// command CI runs, the assembly name, the non-root UID the chart expects, and trimming/AOT being off.
/// </summary>
public sealed partial class DockerfileTests
{
    private static string Dockerfile => File.ReadAllText(RepoPaths.InRepo("Dockerfile"));

    [Fact]
    public void Build_stage_runs_the_same_publish_as_ci()
    {
        Dockerfile.Should().MatchRegex(@"dotnet publish src/CanaryOperator -c Release -o /out");
        File.ReadAllText(RepoPaths.InRepo(".ci", "run")).Should().Contain("dotnet publish src/CanaryOperator/CanaryOperator.csproj -c Release");
        Dockerfile.Should().Contain("COPY --from=build /out ./");
    }

    [Fact]
    public void Images_match_the_target_framework()
    {
        var froms = FromLine().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();
        var framework = XDocument.Load(RepoPaths.InRepo("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var major = framework.Replace("net", "", StringComparison.Ordinal);

        froms.Should().HaveCount(2);
        froms[0].Should().Be($"mcr.microsoft.com/dotnet/sdk:{major}");
        froms[1].Should().StartWith($"mcr.microsoft.com/dotnet/aspnet:{major}");
    }

    [Fact]
    public void Runtime_user_is_the_numeric_non_root_uid_the_chart_runs_as()
    {
        var user = UserLine().Match(Dockerfile).Groups["uid"].Value;
        var chartUid = OperatorDeployment.In(HelmChart.Render()).PodSpec["securityContext"]!["runAsUser"]!.GetValue<long>();

        user.Should().NotBeEmpty().And.NotBe("0");
        long.Parse(user, System.Globalization.CultureInfo.InvariantCulture).Should().Be(chartUid);
    }

    [Fact]
    public void Entrypoint_runs_the_operator_assembly_in_exec_form()
    {
        Dockerfile.Should().Contain($"ENTRYPOINT [\"dotnet\", \"/app/{ChartFacts.AssemblyName}.dll\"]");
        Dockerfile.Should().Contain("CMD [\"run\"]");
    }

    [Fact]
    public void Trimming_and_native_aot_stay_off_as_the_dockerfile_says()
    {
        var project = XDocument.Load(RepoPaths.InRepo("src", "CanaryOperator", "CanaryOperator.csproj"));
        var props = XDocument.Load(RepoPaths.InRepo("Directory.Build.props"));

        foreach (var property in new[] { "PublishTrimmed", "PublishAot" })
        {
            project.Descendants(property).Concat(props.Descendants(property))
                .Where(e => !e.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
                .Should().BeEmpty($"the Dockerfile says {property} is off (KubernetesClient reflection)");
        }
    }

    [Fact]
    public void Dockerignore_keeps_what_the_build_copies()
    {
        var ignored = File.ReadAllLines(RepoPaths.InRepo(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        ignored.Should().Contain(["**/bin/", "**/obj/", ".git/", "tests/"]);
        ignored.Should().NotContain(l => l.StartsWith("src", StringComparison.Ordinal) || l.StartsWith("Directory", StringComparison.Ordinal) ||
                                         l == ".editorconfig" || l == "*.props");
    }

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER\s+(?<uid>\d+)(:\d+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex UserLine();
}
