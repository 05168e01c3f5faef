using System.Xml.Linq;
using CanaryOperator.Api.Serialization;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Facts read from the repository that the chart must agree with.</summary>
internal static class ChartFacts
{
    /// <summary>The operator version: <c>&lt;Version&gt;</c> in Directory.Build.props.</summary>
    public static string OperatorVersion =>
        XDocument.Load(RepoPaths.InRepo("Directory.Build.props")).Descendants("Version").Single().Value;

    public static string AppVersion => ChartYaml("appVersion");

    public static string ChartVersion => ChartYaml("version");

    /// <summary>The executable's assembly name (<c>&lt;AssemblyName&gt;</c> of src/CanaryOperator).</summary>
    public static string AssemblyName =>
        XDocument.Load(RepoPaths.InRepo("src", "CanaryOperator", "CanaryOperator.csproj")).Descendants("AssemblyName").Single().Value;

    private static string ChartYaml(string key) =>
        YamlDocuments.Parse(File.ReadAllText(Path.Combine(HelmChart.Directory, "Chart.yaml")))[0][key]!.ToString();
}
