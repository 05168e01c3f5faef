using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Restarts;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Tests.Scenarios;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Restarts;

/// <summary><c>NeedsRestart</c> / <c>checkEnqueueRollout</c> and the pod-observation predicate built on them (§2.11).</summary>
public sealed class RestartScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static Rollout With(string? restartAt, string? restartedAt)
    {
        var rollout = LifecycleSetup.Rollout(4, "");
        return rollout with
        {
            Spec = rollout.Spec with { RestartAt = restartAt },
            Status = new RolloutStatus { RestartedAt = restartedAt },
        };
    }

    public static TheoryData<string?, string?, bool> DueCases => new()
    {
        { null, null, false },
        { "2026-03-01T09:59:59Z", null, true },
        { "2026-03-01T09:59:59Z", "2026-03-01T09:00:00Z", true },
        { "2026-03-01T09:59:59Z", "2026-03-01T09:59:59Z", false },
        // Same instant written another way is the same time (metav1.Time.Equal).
        { "2026-03-01T11:59:59+02:00", "2026-03-01T09:59:59Z", false },
        { "2026-03-01T09:59:59.500Z", null, true },
        // Go's After is strict: exactly now is not yet due.
        { "2026-03-01T10:00:00Z", null, false },
        { "2026-03-01T10:00:01Z", null, false },
        // Not RFC 3339 (the API server refuses it through the CRD's format: date-time): never a restart.
        { "yesterday", null, false },
        { "2026-03-01 09:00:00", null, false },
        { "", null, false },
    };

    [Theory]
    [MemberData(nameof(DueCases))]
    public void A_restart_is_due_when_restartAt_is_past_and_not_yet_recorded(string? restartAt, string? restartedAt, bool due)
    {
        var rollout = With(restartAt, restartedAt);
        RestartSchedule.IsDue(rollout, Now).Should().Be(due);
        PodObservation.Needed(rollout, Now).Should().Be(due, "pods are listed exactly when a restart is due");
    }

    [Fact]
    public void A_restartAt_ahead_wakes_the_rollout_just_after_it()
    {
        RestartSchedule.UntilDue(With("2026-03-01T10:01:30Z", null), Now).Should().Be(TimeSpan.FromSeconds(90) + TimeSpan.FromMilliseconds(1));
        RestartSchedule.UntilDue(With("2026-03-01T10:00:00Z", null), Now).Should().Be(TimeSpan.FromMilliseconds(1));
        RestartSchedule.UntilDue(With("2026-03-01T09:00:00Z", null), Now).Should().BeNull("it is already due");
        RestartSchedule.UntilDue(With("2026-03-01T10:01:30Z", "2026-03-01T10:01:30Z"), Now).Should().BeNull("a new template already settled it");
        RestartSchedule.UntilDue(With("soon", null), Now).Should().BeNull();
        RestartSchedule.UntilDue(With(null, null), Now).Should().BeNull();
    }

    [Fact]
    public void Pod_availability_needs_ready_for_minReadySeconds_and_not_terminating()
    {
        var pod = new PodState { Name = "p", ReplicaSetName = "rs", Ready = true, ReadySince = Now.AddSeconds(-10) };
        pod.IsAvailable(0, Now).Should().BeTrue();
        pod.IsAvailable(10, Now).Should().BeTrue();
        pod.IsAvailable(11, Now).Should().BeFalse();
        (pod with { Ready = false }).IsAvailable(0, Now).Should().BeFalse();
        (pod with { DeletionTimestamp = Now }).IsAvailable(0, Now).Should().BeFalse();
        (pod with { ReadySince = null }).IsAvailable(0, Now).Should().BeTrue();
        (pod with { ReadySince = null }).IsAvailable(5, Now).Should().BeFalse();
    }
}
