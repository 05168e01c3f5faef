using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Status;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Status;

/// <summary>§8.4: the first matching rule wins.</summary>
public sealed class RolloutPhaseCalculatorTests
{
    private static RolloutCondition Condition(string type, string reason, string message) =>
        new() { Type = type, Status = "False", Reason = reason, Message = message };

    public static TheoryData<string, string, string?> Rows => new()
    {
        { "invalid", RolloutPhases.Degraded, "InvalidSpec: bad" },
        { "aborted", RolloutPhases.Degraded, "RolloutAborted: Rollout aborted update to revision 2" },
        { "deadline", RolloutPhases.Degraded, "ProgressDeadlineExceeded: late" },
        { "manual", RolloutPhases.Paused, "manually paused" },
        { "pauseStep", RolloutPhases.Paused, "CanaryPauseStep" },
        { "notUpdated", RolloutPhases.Progressing, "more replicas need to be updated" },
        { "notAvailable", RolloutPhases.Progressing, "updated replicas are still becoming available" },
        { "oldPods", RolloutPhases.Progressing, "old replicas are pending termination" },
        { "steps", RolloutPhases.Progressing, "waiting for all steps to complete" },
        { "healthy", RolloutPhases.Healthy, null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Phase(string situation, string phase, string? message)
    {
        var spec = new RolloutSpec { Replicas = 2, Strategy = new RolloutStrategy { Canary = new CanaryStrategy() } };
        var done = new RolloutStatus { UpdatedReplicas = 2, AvailableReplicas = 2, Replicas = 2, StableRS = "h", CurrentPodHash = "h" };
        var status = situation switch
        {
            "invalid" => done with { Conditions = [Condition(RolloutConditionTypes.InvalidSpec, "InvalidSpec", "bad") with { Status = "True" }] },
            "aborted" => done with { Conditions = [Condition(RolloutConditionTypes.Progressing, "RolloutAborted", "Rollout aborted update to revision 2")] },
            "deadline" => done with { Conditions = [Condition(RolloutConditionTypes.Progressing, "ProgressDeadlineExceeded", "late")] },
            "pauseStep" => done with { PauseConditions = [new PauseCondition { Reason = PauseReasons.CanaryPauseStep }] },
            "notUpdated" => done with { UpdatedReplicas = 1 },
            "notAvailable" => done with { AvailableReplicas = 1 },
            "oldPods" => done with { Replicas = 3 },
            "steps" => done with { StableRS = "old" },
            _ => done,
        };
        if (situation == "manual")
        {
            spec = spec with { Paused = true };
        }

        RolloutPhaseCalculator.Calculate(spec, status).Should().Be((phase, message));
    }
}
