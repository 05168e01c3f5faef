using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;
using Xunit;

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
    /// Theory data: one row per vector as (file, index, description) — primitives, so xunit lists every vector
    /// as its own test case and a failure names the vector. Use with a theory taking
    /// <c>(string file, int index, string description)</c> and <see cref="Get"/>.
    /// </summary>
    public static TheoryData<string, int, string> Cases(string fileName)
    {
        var data = new TheoryData<string, int, string>();
        var vectors = Load(fileName);
        for (var i = 0; i < vectors.Count; i++)
        {
            data.Add(fileName, i, Describe(vectors[i]));
        }

        return data;
    }

    /// <summary>The vector at <paramref name="index"/> of <paramref name="fileName"/>.</summary>
    public static JsonObject Get(string fileName, int index) => Load(fileName)[index];

    /// <summary>The vector at <paramref name="index"/> of <paramref name="fileName"/>, split into the parts a theory reads.</summary>
    public static VectorCase Case(string fileName, int index)
    {
        var v = Get(fileName, index);
        return new VectorCase((string?)v["function"], (string?)v["source"] ?? "", v["input"]!.AsObject(), v["expected"]!.AsObject());
    }

    private static string Describe(JsonObject v)
    {
        var name = (string?)v["name"] ?? (string?)v["source"] ?? "";
        return $"{(string?)v["function"]}: {name}";
    }
}
