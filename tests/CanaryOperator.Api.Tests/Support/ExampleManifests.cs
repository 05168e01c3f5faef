using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>The YAML files under the repository's <c>examples/</c>, grouped by scenario folder.</summary>
public static class ExampleManifests
{
    public static readonly string Root = RepoPaths.InRepo("examples");

    /// <summary>Scenario folder names (<c>istio-subset</c>, ...), sorted.</summary>
    public static IReadOnlyList<string> Scenarios =>
        Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>Paths relative to <c>examples/</c> of every YAML file, sorted.</summary>
    public static IReadOnlyList<string> Files =>
        YamlFile.FilesUnder(Root).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).ToList();

    public static IReadOnlyList<YamlDocument> Documents(string relativeFile) =>
        YamlFile.Documents(Path.Combine(Root, relativeFile), relativeFile);

    /// <summary>Every document of one scenario, in file (= apply) order.</summary>
    public static IReadOnlyList<YamlDocument> Scenario(string scenario) =>
        Files.Where(f => f.StartsWith(scenario + "/", StringComparison.Ordinal)).SelectMany(Documents).ToList();

    public static TheoryData<string> Rows(IEnumerable<string> values)
    {
        var data = new TheoryData<string>();
        foreach (var value in values)
        {
            data.Add(value);
        }

        return data;
    }
}
