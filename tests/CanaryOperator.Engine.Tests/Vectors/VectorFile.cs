using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Engine.Tests.Vectors;

/// <summary>
/// Loads one file of Argo Rollouts test vectors from <c>shared/reference/argo-rollouts/vectors</c> in place.
/// Each vector is <c>{source, name?, function, input, expected, note?}</c>; see <c>_source.json</c>.
/// </summary>
public static class VectorFile
{
    /// <summary>All vectors of a file, in file order.</summary>
    public static IReadOnlyList<JsonObject> Load(string fileName)
    {
        var path = Path.Combine(RepoPaths.Vectors, fileName);
        var array = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return array.Select(v => v!.AsObject()).ToList();
    }

    /// <summary>
    /// A stable, unique id per vector (its index, function and name), for xunit theory data, so each vector is
    /// its own test case and a failure names the vector.
    /// </summary>
    public static IEnumerable<object[]> Cases(string fileName) =>
        Load(fileName).Select((v, i) => new object[] { new VectorCase(fileName, i, Describe(v)) });

    /// <summary>The vector a case refers to.</summary>
    public static JsonObject Get(VectorCase c) => Load(c.File)[c.Index];

    private static string Describe(JsonObject v)
    {
        var name = (string?)v["name"] ?? (string?)v["source"] ?? "";
        return $"{(string?)v["function"]}: {name}";
    }
}

/// <summary>One vector of one file, printable in test names.</summary>
public sealed record VectorCase(string File, int Index, string Description)
{
    public override string ToString() => $"{File}#{Index} {Description}";
}
