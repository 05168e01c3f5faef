using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// Drives the real <c>helm</c> binary on <c>charts/canary-operator</c> with the same release name and namespace
/// <c>deploy/generate.sh</c> uses, and parses what it renders.
/// </summary>
internal static class HelmChart
{
    public const string ReleaseName = "canary-operator";
    public const string ReleaseNamespace = "canary-operator";

    /// <summary>The name the theories use for the chart's own values.yaml (no <c>-f</c>).</summary>
    public const string DefaultValues = "default";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> RenderCache = new(StringComparer.Ordinal);

    public static string Directory => RepoPaths.InRepo("charts", "canary-operator");

    /// <summary><c>default</c> plus every file under the chart's <c>ci/</c> folder, as <c>ci/&lt;file&gt;</c>.</summary>
    public static IReadOnlyList<string> ValuesSets { get; } =
    [
        DefaultValues,
        .. System.IO.Directory.GetFiles(Path.Combine(Directory, "ci"), "*.yaml")
            .Select(f => "ci/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Theory rows: one per values set.</summary>
    public static TheoryData<string> ValuesSetRows()
    {
        var rows = new TheoryData<string>();
        foreach (var set in ValuesSets)
        {
            rows.Add(set);
        }

        return rows;
    }

    /// <summary>The <c>-f</c> arguments for a values set.</summary>
    public static IEnumerable<string> ValuesArguments(string valuesSet) =>
        valuesSet == DefaultValues ? [] : ["-f", Path.Combine(Directory, valuesSet)];

    /// <summary>Runs <c>helm template</c>; never throws on a failed render.</summary>
    public static ToolResult Template(IEnumerable<string> extraArguments) =>
        ExternalTools.Run(ExternalTools.Helm,
            ["template", ReleaseName, Directory, "--namespace", ReleaseNamespace, .. extraArguments]);

    /// <summary>
    /// Renders and parses; fails the test with helm's output when the render fails. Renders are cached per
    /// argument list (the chart does not change during a run), so callers must not mutate the documents:
    /// DeepClone before editing.
    /// </summary>
    public static IReadOnlyList<JsonObject> Render(params string[] extraArguments) =>
        RenderCache.GetOrAdd(string.Join('\0', extraArguments), _ => new Lazy<IReadOnlyList<JsonObject>>(() =>
        {
            var result = Template(extraArguments);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("helm template failed: " + result);
            }

            return Manifests.Parse(result.StandardOutput);
        })).Value;

    /// <summary>Renders one values set (see <see cref="ValuesSets"/>).</summary>
    public static IReadOnlyList<JsonObject> RenderValuesSet(string valuesSet, params string[] extraArguments) =>
        Render([.. ValuesArguments(valuesSet), .. extraArguments]);

    /// <summary>Writes a values file into a fresh temp directory and returns its path.</summary>
    public static string WriteTempValues(string yaml)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("canary-values-");
        var path = Path.Combine(dir.FullName, "values.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
