using System.Globalization;
using System.Text;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Tests.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Hashing;

/// <summary>pod_template_hash.json (5): the hash of the given canonical JSON, and the hash of the template object.</summary>
public class PodTemplateHashVectorTests
{
    private const string File = "pod_template_hash.json";

    /// <summary>
    /// Deviations of the OBJECT → hash path only (the canonical-JSON → hash path has none). The contrast vector
    /// is Go's output with an older k8s library that wrote <c>"creationTimestamp":null</c>; we mirror k8s
    /// v0.34 (Argo's current dependency), which omits it, so the template object hashes like vector 0 instead.
    /// </summary>
    private static readonly Dictionary<string, string> ObjectPathDeviations = new()
    {
        ["same template, older k8s serialization with \"creationTimestamp\":null"] =
            "older k8s serialization (creationTimestamp:null); we follow k8s v0.34 which omits a zero creationTimestamp",
    };

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fnv_and_encoding_of_the_canonical_json_match(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var json = (string)v["input"]!["canonicalPodTemplateJSON"]!;
        var collisionCount = (int?)v["input"]!["collisionCount"];
        var sum = PodTemplateHash.Sum32(Encoding.UTF8.GetBytes(json), collisionCount);

        sum.Should().Be((uint)v["expected"]!["fnv32a"]!, description);
        sum.ToString(CultureInfo.InvariantCulture).Should().Be((string)v["expected"]!["fnv32aDecimal"]!);
        PodTemplateHash.ComputeFromCanonicalJson(json, collisionCount).Should().Be((string)v["expected"]!["hash"]!, description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Template_object_canonicalizes_to_the_go_json(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var json = (string)v["input"]!["canonicalPodTemplateJSON"]!;
        var collisionCount = (int?)v["input"]!["collisionCount"];
        var template = ApiJson.Deserialize<V1PodTemplateSpec>(json);
        var name = (string)v["name"]!;

        KnownDeviations.Check(ObjectPathDeviations, name, PodTemplateGoJson.Encode(template), json);
        KnownDeviations.Check(ObjectPathDeviations, name, PodTemplateHash.Compute(template, collisionCount), (string)v["expected"]!["hash"]!);
        description.Should().NotBeEmpty();
    }

    [Fact]
    public void Vector_file_has_the_documented_size() => VectorFile.Load(File).Should().HaveCount(5);
}
