using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>availability_checks.json (40).</summary>
public class AvailabilityVectorTests
{
    private const string File = "availability_checks.json";

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Availability_checks(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var input = v["input"]!;
        var expected = v["expected"]!;
        var rs = VectorInputs.ReplicaSet(input["rs"]);
        switch ((string?)v["function"])
        {
            case "AtDesiredReplicaCountsForCanary":
                ReplicaAvailability.AtDesiredReplicaCountsForCanary(
                        VectorInputs.Rollout(input["rollout"]),
                        VectorInputs.ReplicaSet(input["newRS"]),
                        VectorInputs.ReplicaSet(input["stableRS"]),
                        VectorInputs.ReplicaSets(input["otherRSs"]),
                        VectorInputs.Weights(input["currentTrafficWeights"]))
                    .Should().Be((bool)expected["atDesired"]!, description);
                break;
            case "ReplicaProgressThresholdMet":
                ReplicaAvailability.ReplicaProgressThresholdMet(VectorInputs.Threshold(input["threshold"]), rs, (int)input["desired"]!)
                    .Should().Be((bool)expected["met"]!, description);
                break;
            case "allDesiredAreAvailable":
                ReplicaAvailability.AllDesiredAreAvailable(rs, (int)input["desired"]!).Should().Be((bool)expected["result"]!, description);
                break;
            case "GetReplicasForScaleDown":
                ReplicaAvailability.GetReplicasForScaleDown(rs, (bool)input["ignoreAvailability"]!)
                    .Should().Be((int)expected["replicas"]!, description);
                break;
            case "IsReplicaSetAvailable":
                ReplicaAvailability.IsReplicaSetAvailable(rs).Should().Be((bool)expected["available"]!, description);
                break;
            case "IsReplicaSetPartiallyAvailable":
                ReplicaAvailability.IsReplicaSetPartiallyAvailable(rs).Should().Be((bool)expected["partiallyAvailable"]!, description);
                break;
            case "checkReplicasAvailable":
                ReplicaAvailability.CheckReplicasAvailable(
                        (int)input["rolloutReplicas"]!,
                        (int?)input["maxTrafficWeight"] ?? TrafficWeightMath.DefaultMaxWeight,
                        VectorInputs.Threshold(input["replicaProgressThreshold"]),
                        rs,
                        (int)input["desiredWeight"]!)
                    .Should().Be((bool)expected["available"]!, description);
                break;
            default:
                throw new InvalidOperationException($"unexpected function in {description}");
        }
    }

    [Fact]
    public void Vector_file_has_the_documented_size() => VectorFile.Load(File).Should().HaveCount(40);
}
