using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Status;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Status;

public sealed class RolloutConditionListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Transition_time_changes_only_when_status_flips()
    {
        var first = RolloutConditionList.New("Available", "True", "AvailableReason", "a", T0);
        var (list, _) = RolloutConditionList.Set(null, first);
        var (same, changed) = RolloutConditionList.Set(list, RolloutConditionList.New("Available", "True", "AvailableReason", "b", T0.AddMinutes(1)));
        changed.Should().BeTrue();
        same.Single().LastTransitionTime.Should().Be(T0);
        same.Single().LastUpdateTime.Should().Be(T0.AddMinutes(1));
        var (flipped, _) = RolloutConditionList.Set(same, RolloutConditionList.New("Available", "False", "AvailableReason", "b", T0.AddMinutes(2)));
        flipped.Single().LastTransitionTime.Should().Be(T0.AddMinutes(2));
    }

    [Fact]
    public void Identical_condition_is_left_untouched()
    {
        var (list, _) = RolloutConditionList.Set(null, RolloutConditionList.New("Paused", "True", "RolloutPaused", "m", T0));
        var (after, changed) = RolloutConditionList.Set(list, RolloutConditionList.New("Paused", "True", "RolloutPaused", "m", T0.AddHours(1)));
        changed.Should().BeFalse();
        after.Single().LastUpdateTime.Should().Be(T0);
    }

    [Fact]
    public void Refresh_moves_update_time_but_keeps_transition()
    {
        IReadOnlyList<RolloutCondition> list = [RolloutConditionList.New("Progressing", "True", "ReplicaSetUpdated", "m", T0)];
        var refreshed = RolloutConditionList.Refresh(list, RolloutConditionList.New("Progressing", "True", "ReplicaSetUpdated", "m", T0.AddMinutes(5)));
        refreshed.Single().LastUpdateTime.Should().Be(T0.AddMinutes(5));
        refreshed.Single().LastTransitionTime.Should().Be(T0);
    }
}
