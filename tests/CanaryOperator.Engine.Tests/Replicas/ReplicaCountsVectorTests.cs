using System.Text.Json.Nodes;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>replica_counts_canary.json (44) and replica_counts_dynamic_stable_scale.json (9).</summary>
public class ReplicaCountsVectorTests
{
    private const string CanaryFile = "replica_counts_canary.json";
    private const string DynamicFile = "replica_counts_dynamic_stable_scale.json";

    /// <summary>No deliberate deviations in these files.</summary>
    private static readonly Dictionary<string, string> Deviations = [];

    public static TheoryData<string, int, string> CanaryCases => VectorFile.Cases(CanaryFile);

    public static TheoryData<string, int, string> DynamicCases => VectorFile.Cases(DynamicFile);

    [Theory]
    [MemberData(nameof(CanaryCases))]
    public void Replica_counts_canary(string file, int index, string description) => Run(file, index, description);

    [Theory]
    [MemberData(nameof(DynamicCases))]
    public void Replica_counts_dynamic_stable_scale(string file, int index, string description) => Run(file, index, description);

    [Fact]
    public void Vector_files_have_the_documented_sizes()
    {
        VectorFile.Load(CanaryFile).Should().HaveCount(44);
        VectorFile.Load(DynamicFile).Should().HaveCount(9);
    }

    private static void Run(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var input = v["input"]!;
        var expected = v["expected"]!;
        var rollout = VectorInputs.Rollout(input["rollout"]);
        var newRS = VectorInputs.ReplicaSet(input["newRS"]);
        var stableRS = VectorInputs.ReplicaSet(input["stableRS"]);
        var weights = VectorInputs.Weights(input["currentTrafficWeights"]);

        var (canary, stable) = (string?)v["function"] switch
        {
            "CalculateReplicaCountsForBasicCanary" =>
                CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(rollout, newRS, stableRS, VectorInputs.ReplicaSets(input["otherRSs"])),
            "CalculateReplicaCountsForTrafficRoutedCanary" =>
                CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(rollout, newRS, stableRS, weights),
            var f => throw new InvalidOperationException($"unexpected function {f} in {description}"),
        };

        var name = (string)v["name"]!;
        KnownDeviations.Check(Deviations, name, stable, (int)expected["stableReplicas"]!);

        // The last DSS vector asserts only the stable count (as its Go test does).
        if (expected["canaryReplicas"] is JsonNode c)
        {
            KnownDeviations.Check(Deviations, name, canary, (int)c);
        }
    }
}
