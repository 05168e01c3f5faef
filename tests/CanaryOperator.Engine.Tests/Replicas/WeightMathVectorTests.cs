using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>approximate_weighted_counts.json (57) and traffic_weight_to_replicas.json (7).</summary>
public class WeightMathVectorTests
{
    private const string ApproximateFile = "approximate_weighted_counts.json";
    private const string TrafficFile = "traffic_weight_to_replicas.json";

    public static TheoryData<string, int, string> ApproximateCases => VectorFile.Cases(ApproximateFile);

    public static TheoryData<string, int, string> TrafficCases => VectorFile.Cases(TrafficFile);

    [Theory]
    [MemberData(nameof(ApproximateCases))]
    public void Approximate_weighted_counts(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var i = v["input"]!;
        var result = ApproximateWeightedCounts.Calculate(
            (int)i["specReplicas"]!, (int)i["desiredWeight"]!, (int)i["maxWeight"]!, (int)i["maxSurge"]!);

        result.Should().Be(((int)v["expected"]!["canaryReplicas"]!, (int)v["expected"]!["stableReplicas"]!), description + " " + i.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(TrafficCases))]
    public void Traffic_weight_to_replicas(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var i = v["input"]!;
        CanaryReplicaMath.TrafficWeightToReplicas((int)i["replicas"]!, (int)i["weight"]!, (int)i["maxWeight"]!)
            .Should().Be((int)v["expected"]!["replicas"]!, description + " " + i.ToJsonString());
    }

    [Fact]
    public void Vector_files_have_the_documented_sizes()
    {
        VectorFile.Load(ApproximateFile).Should().HaveCount(57);
        VectorFile.Load(TrafficFile).Should().HaveCount(7);
    }
}
