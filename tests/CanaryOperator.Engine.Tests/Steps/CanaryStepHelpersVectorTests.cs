using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Steps;
using CanaryOperator.Engine.Tests.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Steps;

/// <summary>canary_step_helpers.json (20).</summary>
public class CanaryStepHelpersVectorTests
{
    private const string File = "canary_step_helpers.json";

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Canary_step_helpers(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var input = v["input"]!;
        var expected = v["expected"]!;
        switch ((string?)v["function"])
        {
            case "GetCurrentCanaryStep":
                var (step, stepIndex) = CanarySteps.CurrentStep(VectorInputs.WithSteps(input["steps"], input["currentStepIndex"]));
                stepIndex.Should().Be((int?)expected["index"], description);
                JsonNode.DeepEquals(step is null ? null : ApiJson.ToNode(step), expected["step"]).Should().BeTrue(description);
                break;
            case "GetCurrentSetWeight":
                CanarySteps.CurrentSetWeight(VectorInputs.WithSteps(input["steps"], input["currentStepIndex"], (bool)input["abort"]!))
                    .Should().Be((int)expected["weight"]!, description);
                break;
            case "GetCanaryReplicasOrWeight":
                CanarySteps.CanaryReplicasOrWeight(
                        VectorInputs.Rollout(input["rollout"]), VectorInputs.ReplicaSet(input["newRS"]), VectorInputs.ReplicaSet(input["stableRS"]))
                    .Should().Be(new CanaryScale((int?)expected["replicas"], (int)expected["weight"]!), description);
                break;
            case "GetDesiredCanaryWeight":
                CanarySteps.DesiredWeight(
                        VectorInputs.Rollout(input["rollout"]), VectorInputs.ReplicaSet(input["newRS"]), VectorInputs.ReplicaSet(input["stableRS"]))
                    .Should().Be((int)expected["weight"]!, description);
                break;
            case "BeforeStartingStep":
                CanarySteps.BeforeStartingStep(
                        VectorInputs.WithSteps(input["steps"], input["currentStepIndex"], analysisStartingStep: input["analysisStartingStep"]))
                    .Should().Be((bool)expected["result"]!, description);
                break;
            case "ResetCurrentStepIndex":
                CanarySteps.ResetCurrentStepIndex(VectorInputs.WithSteps(input["steps"], null))
                    .Should().Be((int?)expected["currentStepIndex"], description);
                break;
            default:
                throw new InvalidOperationException($"unexpected function in {description}");
        }
    }

    [Fact]
    public void Vector_file_has_the_documented_size() => VectorFile.Load(File).Should().HaveCount(20);
}
