using CanaryOperator.Api.Rollouts;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>The Rollout's <c>ReplicaFailure</c> condition mirrors its ReplicaSets' (§8.3, <c>getReplicaFailures</c>).</summary>
public sealed class ReplicaFailureConditionTests
{
    private static readonly DateTime Failed = new(2026, 1, 1, 11, 0, 0, DateTimeKind.Utc);

    private static V1ReplicaSetCondition Failure(string message) => new()
    {
        Type = RolloutConditionTypes.ReplicaFailure,
        Status = "True",
        Reason = "FailedCreate",
        Message = message,
        LastTransitionTime = Failed,
    };

    private static RolloutCondition? Condition(FakeCluster c) =>
        c.Rollout.Status?.Conditions?.SingleOrDefault(x => x.Type == RolloutConditionTypes.ReplicaFailure);

    private static FakeCluster MidUpdate()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        LifecycleSetup.SetImage(c, "demo:2");
        c.Run(x => x.Rollout.Status?.PauseConditions is { Count: > 0 });
        return c;
    }

    [Fact]
    public void The_new_replica_sets_failure_is_copied_and_wins_over_an_old_ones()
    {
        var c = MidUpdate();
        c.AddReplicaSet(c.ReplicaSetByRevision(1) with { ReplicaFailure = Failure("stable: quota exceeded") });
        c.Run();
        Condition(c).Should().BeEquivalentTo(new RolloutCondition
        {
            Type = RolloutConditionTypes.ReplicaFailure,
            Status = "True",
            Reason = "FailedCreate",
            Message = "stable: quota exceeded",
            LastUpdateTime = new DateTimeOffset(Failed),
            LastTransitionTime = new DateTimeOffset(Failed),
        }, "with no failure on the new ReplicaSet, any ReplicaSet's failure is reported");

        c.AddReplicaSet(c.ReplicaSetByRevision(2) with { ReplicaFailure = Failure("canary: admission denied") });
        c.Run();
        Condition(c)!.Message.Should().Be("canary: admission denied");
    }

    [Fact]
    public void The_condition_is_removed_once_no_replica_set_reports_a_failure()
    {
        var c = MidUpdate();
        c.AddReplicaSet(c.ReplicaSetByRevision(2) with { ReplicaFailure = Failure("canary: admission denied") });
        c.Run();
        Condition(c).Should().NotBeNull();
        c.AddReplicaSet(c.ReplicaSetByRevision(2) with { ReplicaFailure = null });
        c.Run();
        Condition(c).Should().BeNull();
    }
}
