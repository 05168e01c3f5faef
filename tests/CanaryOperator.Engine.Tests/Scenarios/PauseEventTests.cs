using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>
/// <c>RolloutPaused</c> / <c>RolloutResumed</c> Events (§2, §8): exactly one per transition, derived from the persisted
/// status, so planning the same state again emits nothing.
/// </summary>
public sealed class PauseEventTests
{
    private static bool PausedCondition(FakeCluster c) =>
        c.Rollout.Status?.Conditions?.Any(x => x.Type == RolloutConditionTypes.Paused && x.Status == "True") == true;

    private static List<PlannedEvent> EventsSince(FakeCluster c, int pass, string reason) =>
        [.. c.History.Skip(pass).SelectMany(p => p.Events).Where(e => e.Reason == reason)];

    private static FakeCluster PausedAtFirstStep()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        LifecycleSetup.SetImage(c, "demo:2");
        c.Run(PausedCondition);
        return c;
    }

    [Fact]
    public void A_pause_step_emits_one_paused_event_and_replanning_emits_none()
    {
        var c = PausedAtFirstStep();
        EventsSince(c, 0, EventReasons.RolloutPaused).Should().ContainSingle()
            .Which.Message.Should().Be("Rollout is paused (CanaryPauseStep) at step 2/8");
        var passes = c.History.Count;
        c.Run();
        EventsSince(c, passes, EventReasons.RolloutPaused).Should().BeEmpty("the rollout stays paused");
        CanaryPlanner.Plan(c.Snapshot()).Events.Should().NotContain(e => e.Reason == EventReasons.RolloutPaused || e.Reason == EventReasons.RolloutResumed);
    }

    [Fact]
    public void A_promote_emits_one_resumed_event()
    {
        var c = PausedAtFirstStep();
        var passes = c.History.Count;
        LifecycleSetup.Promote(c);
        c.Run(x => x.Rollout.Status?.CurrentStepIndex == 3);
        EventsSince(c, passes, EventReasons.RolloutResumed).Should().ContainSingle().Which.Message.Should().Be("Rollout is resumed at step 2/8");
        CanaryPlanner.Plan(c.Snapshot()).Events.Should().NotContain(e => e.Reason == EventReasons.RolloutResumed);
    }

    [Fact]
    public void Every_pause_of_the_walkthrough_is_announced_once_and_ended_once()
    {
        var c = PausedAtFirstStep();
        LifecycleSetup.Promote(c);
        c.Run();
        c.Rollout.Status!.Phase.Should().Be(RolloutPhases.Healthy);
        EventsSince(c, 0, EventReasons.RolloutPaused).Should().HaveCount(4, "the walkthrough has four pause steps");
        EventsSince(c, 0, EventReasons.RolloutResumed).Should().HaveCount(4, "one promote and three timed pauses end");
        c.History.SelectMany(p => p.Events).Where(e => e.Reason is EventReasons.RolloutPaused or EventReasons.RolloutResumed)
            .Select(e => e.Message).Should().OnlyHaveUniqueItems("each Event names the step it pauses at");
    }

    [Fact]
    public void An_abort_while_paused_is_not_a_resume_and_neither_is_the_retry()
    {
        var c = PausedAtFirstStep();
        var passes = c.History.Count;
        LifecycleSetup.Abort(c);
        c.Run();
        c.Rollout.Status!.Phase.Should().Be(RolloutPhases.Degraded);
        LifecycleSetup.Retry(c);
        c.Run(x => x.Rollout.Status?.CurrentStepIndex == 1 && x.Rollout.Status.PauseConditions is { Count: > 0 });
        EventsSince(c, passes, EventReasons.RolloutResumed).Should().BeEmpty();
    }

    [Fact]
    public void Spec_paused_is_announced_as_manually_paused_and_its_removal_as_a_resume()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        var passes = c.History.Count;
        c.UpdateRollout(ro => ro with { Spec = ro.Spec with { Paused = true } });
        c.Run(PausedCondition);
        c.Pass();
        EventsSince(c, passes, EventReasons.RolloutPaused).Should().ContainSingle().Which.Message.Should().Be("Rollout is paused (manually paused)", "a fully promoted rollout has no current step");
        c.UpdateRollout(ro => ro with { Spec = ro.Spec with { Paused = false } });
        c.Run(x => !PausedCondition(x));
        c.Pass();
        EventsSince(c, passes, EventReasons.RolloutResumed).Should().ContainSingle();
    }
}
