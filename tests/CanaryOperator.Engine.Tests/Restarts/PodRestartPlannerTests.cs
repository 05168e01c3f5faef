using CanaryOperator.Engine.Restarts;
using CanaryOperator.Engine.Snapshot;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Restarts;

/// <summary>Which pods one pass of a restart evicts (§2.11, <c>rollout/restart.go:Reconcile</c>).</summary>
public sealed class PodRestartPlannerTests
{
    private static readonly DateTimeOffset RestartAt = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = RestartAt.AddMinutes(1);
    private static readonly DateTimeOffset Old = RestartAt.AddHours(-1);

    private static ReplicaSetState Rs(string name, int replicas, int ageMinutes) =>
        new() { Name = name, PodTemplateHash = name, SpecReplicas = replicas, CreationTimestamp = Old.AddMinutes(-ageMinutes) };

    private static PodState Pod(string name, string rs, DateTimeOffset? created = null, bool ready = true, bool terminating = false) => new()
    {
        Name = name,
        ReplicaSetName = rs,
        CreationTimestamp = created ?? Old,
        Ready = ready,
        ReadySince = ready ? (created ?? Old).AddSeconds(5) : null,
        DeletionTimestamp = terminating ? Now : null,
    };

    private static PodRestartDecision Decide(IReadOnlyList<PodState> pods, IReadOnlyList<ReplicaSetState> sets, int replicas, int maxUnavailable,
        string? stable = "stable", string? newRs = "stable", int minReadySeconds = 0) =>
        PodRestartPlanner.Decide(RestartAt, pods, sets, stable, newRs, replicas, maxUnavailable, minReadySeconds, Now);

    public static TheoryData<int, int> Concurrency => new()
    {
        // maxUnavailable → pods evicted at once from 4 available (0 still lets one go).
        { 0, 1 },
        { 1, 1 },
        { 2, 2 },
        { 4, 4 },
    };

    [Theory]
    [MemberData(nameof(Concurrency))]
    public void With_every_pod_available_max_unavailable_pods_go_at_once(int maxUnavailable, int evicted)
    {
        var pods = new[] { Pod("a", "stable"), Pod("b", "stable"), Pod("c", "stable"), Pod("d", "stable") };
        var decision = Decide(pods, [Rs("stable", 4, 0)], replicas: 4, maxUnavailable);
        decision.Evict.Should().HaveCount(evicted);
        decision.Remaining.Should().Be(4);
        decision.Done.Should().BeFalse();
    }

    [Fact]
    public void Nothing_is_evicted_while_a_replacement_is_not_yet_available()
    {
        var pods = new[] { Pod("a", "stable"), Pod("b", "stable"), Pod("c", "stable"), Pod("new", "stable", Now.AddSeconds(-2), ready: false) };
        var decision = Decide(pods, [Rs("stable", 4, 0)], replicas: 4, maxUnavailable: 1);
        decision.CanRestart.Should().Be(0);
        decision.Evict.Should().BeEmpty();
        decision.Remaining.Should().Be(3, "the new pod is current");
    }

    [Fact]
    public void A_pod_ready_for_less_than_minReadySeconds_is_not_available()
    {
        var fresh = Pod("new", "stable", Now.AddSeconds(-8)) with { ReadySince = Now.AddSeconds(-3) };
        var pods = new[] { Pod("a", "stable"), Pod("b", "stable"), Pod("c", "stable"), fresh };
        Decide(pods, [Rs("stable", 4, 0)], replicas: 4, maxUnavailable: 1, minReadySeconds: 10).Evict.Should().BeEmpty();
        Decide(pods, [Rs("stable", 4, 0)], replicas: 4, maxUnavailable: 1, minReadySeconds: 2).Evict.Should().ContainSingle();
    }

    [Fact]
    public void Stable_pods_go_first_then_the_new_replica_sets_then_the_others_oldest_replica_set_first()
    {
        var sets = new[] { Rs("older", 1, 30), Rs("canary", 1, 0), Rs("oldest", 1, 60), Rs("stable", 2, 10) };
        var pods = new[]
        {
            Pod("p-older", "older"), Pod("p-canary", "canary"), Pod("p-oldest", "oldest"),
            Pod("p-stable-2", "stable", Old.AddSeconds(1)), Pod("p-stable-1", "stable"),
        };
        var one = Decide(pods, sets, replicas: 5, maxUnavailable: 0, newRs: "canary");
        var all = Decide(pods, sets, replicas: 5, maxUnavailable: 5, newRs: "canary");
        all.Evict.Select(p => p.Name).Should().Equal("p-stable-1", "p-stable-2", "p-canary", "p-oldest", "p-older");
        one.Evict.Select(p => p.Name).Should().Equal("p-stable-1");
    }

    [Fact]
    public void A_terminating_old_pod_remains_but_is_not_evicted_again()
    {
        var pods = new[] { Pod("a", "stable", terminating: true), Pod("b", "stable"), Pod("c", "stable") };
        var decision = Decide(pods, [Rs("stable", 2, 0)], replicas: 2, maxUnavailable: 1);
        decision.Evict.Select(p => p.Name).Should().Equal("b");
        decision.Remaining.Should().Be(3);
    }

    [Fact]
    public void The_larger_of_spec_replicas_and_the_replica_sets_total_sets_the_floor()
    {
        // A canary weight that does not divide spec.replicas: 4 wanted, 3 + 2 running.
        var sets = new[] { Rs("stable", 3, 10), Rs("canary", 2, 0) };
        var pods = new[] { Pod("s1", "stable"), Pod("s2", "stable"), Pod("s3", "stable"), Pod("c1", "canary"), Pod("c2", "canary") };
        var decision = Decide(pods, sets, replicas: 4, maxUnavailable: 1, newRs: "canary");
        decision.CanRestart.Should().Be(1, "5 available − (max(4, 5) − 1)");
        decision.Evict.Select(p => p.Name).Should().Equal("s1");
    }

    [Fact]
    public void Pods_created_at_or_after_restartAt_are_current_and_when_none_is_older_the_restart_is_done()
    {
        var pods = new[] { Pod("a", "stable", RestartAt), Pod("b", "stable", RestartAt.AddSeconds(3)) };
        var decision = Decide(pods, [Rs("stable", 2, 0)], replicas: 2, maxUnavailable: 1);
        decision.Evict.Should().BeEmpty();
        decision.Remaining.Should().Be(0);
        decision.Done.Should().BeTrue();
        Decide([], [Rs("stable", 0, 0)], replicas: 0, maxUnavailable: 0).Done.Should().BeTrue("no pods, nothing to restart");
    }

    [Fact]
    public void Pods_of_replica_sets_the_rollout_does_not_own_are_ignored()
    {
        var pods = new[] { Pod("mine", "stable"), Pod("foreign", "someone-else") };
        var decision = Decide(pods, [Rs("stable", 1, 0)], replicas: 1, maxUnavailable: 1);
        decision.Evict.Select(p => p.Name).Should().Equal("mine");
        decision.Remaining.Should().Be(1);
    }
}
