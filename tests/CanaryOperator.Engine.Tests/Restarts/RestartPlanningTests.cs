using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Tests.Scenarios;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Restarts;

/// <summary>The restart inside a planning pass: evictions end the pass, restartedAt when done, wake-ups (§2.11, §0.2.2).</summary>
public sealed class RestartPlanningTests
{
    /// <summary>A Healthy 4-replica subset-routed Rollout (maxUnavailable default "25" → 1), all pods created before restartAt.</summary>
    private static FakeCluster Healthy()
    {
        var cluster = LifecycleSetup.IstioSubset(replicas: 4);
        cluster.Run();
        cluster.Rollout.Status!.Phase.Should().Be(RolloutPhases.Healthy);
        return cluster;
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void SetRestartAt(FakeCluster cluster, DateTimeOffset at) =>
        cluster.UpdateRollout(ro => ro with { Spec = ro.Spec with { RestartAt = Rfc3339(at) } });

    private static List<PodState> PodsOf(FakeCluster cluster, DateTimeOffset created, int unready = 0)
    {
        var rs = cluster.ReplicaSets.Single(r => r.SpecReplicas > 0);
        return [.. Enumerable.Range(0, rs.SpecReplicas).Select(i => new PodState
        {
            Name = $"{rs.Name}-{i}",
            ReplicaSetName = rs.Name,
            PodTemplateHash = rs.PodTemplateHash,
            CreationTimestamp = created,
            Ready = i >= unready,
            ReadySince = i >= unready ? created : null,
        })];
    }

    [Fact]
    public void A_due_restart_evicts_within_the_budget_and_ends_the_pass_without_a_status_write()
    {
        var cluster = Healthy();
        var restartAt = cluster.Now.AddSeconds(-1);
        SetRestartAt(cluster, restartAt);
        var snapshot = cluster.Snapshot() with { Pods = PodsOf(cluster, restartAt.AddMinutes(-5)) };
        PodObservation.Needed(snapshot.Rollout, snapshot.Now).Should().BeTrue();

        var plan = CanaryPlanner.Plan(snapshot);

        plan.Actions.Should().ContainSingle().Which.Should().Be(new EvictPod("default", snapshot.Pods![0].Name));
        plan.Status.Should().BeSameAs(snapshot.Rollout.Status, "the next pass, on fresh availability, writes the status");
        plan.RequeueAfter.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void While_a_replacement_is_not_available_the_pass_goes_on_and_reports_restarting()
    {
        var cluster = Healthy();
        var restartAt = cluster.Now.AddSeconds(-1);
        SetRestartAt(cluster, restartAt);
        var pods = PodsOf(cluster, restartAt.AddMinutes(-5));
        pods[0] = pods[0] with { CreationTimestamp = restartAt.AddSeconds(1), Ready = false, ReadySince = null };

        var plan = CanaryPlanner.Plan(cluster.Snapshot() with { Pods = pods });

        plan.Actions.Should().BeEmpty();
        plan.Status.Phase.Should().Be(RolloutPhases.Progressing);
        plan.Status.Message.Should().Be("rollout is restarting");
        plan.Status.RestartedAt.Should().BeNull();
        plan.RequeueAfter.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void When_no_old_pod_is_left_restartedAt_records_restartAt_and_nothing_more_is_due()
    {
        var cluster = Healthy();
        var restartAt = cluster.Now.AddSeconds(-10);
        SetRestartAt(cluster, restartAt);

        var plan = CanaryPlanner.Plan(cluster.Snapshot() with { Pods = PodsOf(cluster, restartAt.AddSeconds(2)) });

        plan.Actions.Should().BeEmpty();
        plan.Status.RestartedAt.Should().Be(Rfc3339(restartAt));
        plan.Status.Phase.Should().Be(RolloutPhases.Healthy);
        var after = cluster.Rollout with { Status = plan.Status };
        PodObservation.Needed(after, cluster.Now).Should().BeFalse("no further pod calls once recorded");
        CanaryPlanner.Plan(cluster.Snapshot() with { Rollout = after }).Should().Match<Plan>(p => p.Actions.Count == 0 && p.RequeueAfter == null);
    }

    [Fact]
    public void A_restartAt_ahead_wakes_the_rollout_then_and_touches_no_pod()
    {
        var cluster = Healthy();
        SetRestartAt(cluster, cluster.Now.AddSeconds(45));

        var plan = CanaryPlanner.Plan(cluster.Snapshot());

        plan.Actions.Should().BeEmpty();
        plan.RequeueAfter.Should().Be(TimeSpan.FromSeconds(45) + TimeSpan.FromMilliseconds(1));
        plan.Status.Message.Should().Be("rollout is restarting", "Argo's phase rule only compares restartAt with restartedAt");
    }

    [Fact]
    public void A_new_template_settles_a_pending_restart()
    {
        var cluster = Healthy();
        var restartAt = cluster.Now.AddSeconds(-1);
        SetRestartAt(cluster, restartAt);
        LifecycleSetup.SetImage(cluster, "demo:2");
        cluster.Pass(); // creates the new ReplicaSet

        var plan = CanaryPlanner.Plan(cluster.Snapshot() with { Pods = PodsOf(cluster, restartAt.AddMinutes(-5)) });

        plan.Actions.OfType<EvictPod>().Should().BeEmpty("the update replaces the pods anyway");
        plan.Status.RestartedAt.Should().Be(Rfc3339(restartAt));
    }
}
