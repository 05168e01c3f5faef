using CanaryOperator.Api.Rollouts;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>
/// Whole lifecycles (§9.1–9.6) replayed pass by pass on the fake cluster. Each phase is a user action followed by
/// reconciles; the table lists EVERY distinct state reached (step index | phase | pods per revision | primary route
/// stable/canary weights | DestinationRule stable/canary subsets), in order.
/// </summary>
public sealed class LifecycleScenarioTests(ITestOutputHelper output)
{
    private static bool Paused(FakeCluster c) => c.Rollout.Status?.PauseConditions is { Count: > 0 };

    private static Func<FakeCluster, bool> AtIndex(int index) => c => c.Rollout.Status?.CurrentStepIndex == index;

    private void Phase(FakeCluster cluster, Action<FakeCluster> act, Func<FakeCluster, bool>? until, params string[] expected)
    {
        act(cluster);
        var rows = ScenarioTrace.Record(cluster, until).Select(r => r.ToString()).ToList();
        foreach (var row in rows)
        {
            output.WriteLine($"\"{row}\",");
        }

        output.WriteLine("--");
        rows.Should().Equal(expected);
    }

    private static void Nothing(FakeCluster c)
    {
    }

    private static void Update(FakeCluster c) => LifecycleSetup.SetImage(c, "demo:2");

    private const string Deployed = "8 | Healthy | r1=5 | 100/0 | r1/r1";

    [Fact]
    public void Walkthrough_subset_routing_without_hpa()
    {
        var c = LifecycleSetup.IstioSubset();
        Phase(c, Nothing, null,
            "nil | Progressing | r1=0 | 100/0 | -/-",
            "0 | Progressing | r1=0 | 100/0 | -/-",
            "8 | Progressing | r1=5 | 100/0 | -/-",
            Deployed);
        Phase(c, Update, Paused,
            "8 | Healthy | r1=5 r2=0 | 100/0 | r1/r1",
            "0 | Progressing | r1=5 r2=0 | 100/0 | r1/r1",
            "0 | Progressing | r1=5 r2=1 | 100/0 | r1/r2",
            "1 | Progressing | r1=5 r2=1 | 80/20 | r1/r2",
            "1 | Paused | r1=5 r2=1 | 80/20 | r1/r2");
        Phase(c, LifecycleSetup.Promote, null,
            "2 | Progressing | r1=5 r2=1 | 80/20 | r1/r2",
            "2 | Progressing | r1=5 r2=2 | 80/20 | r1/r2",
            "3 | Progressing | r1=5 r2=2 | 60/40 | r1/r2",
            "3 | Paused | r1=5 r2=2 | 60/40 | r1/r2",
            "4 | Progressing | r1=5 r2=2 | 60/40 | r1/r2",
            "4 | Progressing | r1=5 r2=3 | 60/40 | r1/r2",
            "5 | Progressing | r1=5 r2=3 | 40/60 | r1/r2",
            "5 | Paused | r1=5 r2=3 | 40/60 | r1/r2",
            "6 | Progressing | r1=5 r2=3 | 40/60 | r1/r2",
            "6 | Progressing | r1=5 r2=4 | 40/60 | r1/r2",
            "7 | Progressing | r1=5 r2=4 | 20/80 | r1/r2",
            "7 | Paused | r1=5 r2=4 | 20/80 | r1/r2",
            "8 | Progressing | r1=5 r2=4 | 20/80 | r1/r2",
            "8 | Progressing | r1=5 r2=5 | 20/80 | r1/r2",
            "8 | Healthy | r1=5 r2=5 | 0/100 | r1/r2",
            "8 | Healthy | r1=5 r2=5 | 100/0 | r2/r2",
            "8 | Healthy | r1=0 r2=5 | 100/0 | r2/r2");
        c.Rollout.Status!.Canary!.Weights!.Canary.Weight.Should().Be(0);
        c.Rollout.Status.Canary.Weights.Stable.Weight.Should().Be(100);
        c.Rollout.Status.Canary.Weights.Canary.PodTemplateHash.Should().Be(c.ReplicaSetByRevision(2).PodTemplateHash);
        c.ReplicaSetByRevision(1).Annotations.Should().NotContainKey(RolloutAnnotations.ScaleDownDeadline);
        c.History.SelectMany(p => p.Events).Should().Contain(e => e.Reason == "RolloutCompleted");
    }

    [Fact]
    public void Pause_duration_wakes_up_at_start_plus_duration()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        Update(c);
        c.Run(Paused);
        LifecycleSetup.Promote(c);
        c.Run(c2 => c2.Rollout.Status?.CurrentStepIndex == 3 && Paused(c2));
        var start = c.Rollout.Status!.PauseConditions![0].StartTime!.Value;
        var plan = c.Pass();
        while (plan.RequeueAfter is null)
        {
            plan = c.Pass();
        }

        var planned = c.Now.AddSeconds(-1);
        plan.RequeueAfter.Should().Be(start.AddSeconds(10) - planned, "the wake-up is startTime + duration");
        c.Pass().Status.CurrentStepIndex.Should().Be(3, "not before the duration has elapsed");
        c.Now = start.AddSeconds(10);
        c.Pass().Status.CurrentStepIndex.Should().Be(4);
    }

    [Fact]
    public void Hpa_scales_to_two_mid_update()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        Update(c);
        c.Run(Paused);
        LifecycleSetup.Promote(c);
        c.Run(AtIndex(3));
        Phase(c, cl => LifecycleSetup.Scale(cl, 2), Paused,
            "3 | Progressing | r1=2 r2=2 | 60/40 | r1/r2",
            "3 | Progressing | r1=2 r2=1 | 60/40 | r1/r2",
            "3 | Paused | r1=2 r2=1 | 60/40 | r1/r2");
        Phase(c, Nothing, null,
            "3 | Paused | r1=2 r2=1 | 60/40 | r1/r2",
            "4 | Progressing | r1=2 r2=1 | 60/40 | r1/r2",
            "4 | Progressing | r1=2 r2=2 | 60/40 | r1/r2",
            "5 | Progressing | r1=2 r2=2 | 40/60 | r1/r2",
            "5 | Paused | r1=2 r2=2 | 40/60 | r1/r2",
            "6 | Progressing | r1=2 r2=2 | 40/60 | r1/r2",
            "7 | Progressing | r1=2 r2=2 | 20/80 | r1/r2",
            "7 | Paused | r1=2 r2=2 | 20/80 | r1/r2",
            "8 | Progressing | r1=2 r2=2 | 20/80 | r1/r2",
            "8 | Healthy | r1=2 r2=2 | 0/100 | r1/r2",
            "8 | Healthy | r1=2 r2=2 | 100/0 | r2/r2",
            "8 | Healthy | r1=0 r2=2 | 100/0 | r2/r2");
        c.Rollout.Status!.HPAReplicas.Should().Be(2);
        c.Rollout.Status.Selector.Should().Be("app=demo");
    }

    [Fact]
    public void Dynamic_stable_scale_shrinks_stable_after_traffic_moves()
    {
        var c = LifecycleSetup.IstioSubset(canaryExtra: ",\"dynamicStableScale\":true");
        c.Run();
        Phase(c, Update, Paused,
            "8 | Healthy | r1=5 r2=0 | 100/0 | r1/r1",
            "0 | Progressing | r1=5 r2=0 | 100/0 | r1/r1",
            "0 | Progressing | r1=5 r2=1 | 100/0 | r1/r2",
            "1 | Progressing | r1=5 r2=1 | 80/20 | r1/r2",
            "1 | Progressing | r1=4 r2=1 | 80/20 | r1/r2",
            "1 | Paused | r1=4 r2=1 | 80/20 | r1/r2");
        Phase(c, LifecycleSetup.Promote, null,
            "2 | Progressing | r1=4 r2=1 | 80/20 | r1/r2",
            "2 | Progressing | r1=4 r2=2 | 80/20 | r1/r2",
            "3 | Progressing | r1=4 r2=2 | 60/40 | r1/r2",
            "3 | Progressing | r1=3 r2=2 | 60/40 | r1/r2",
            "3 | Paused | r1=3 r2=2 | 60/40 | r1/r2",
            "4 | Progressing | r1=3 r2=2 | 60/40 | r1/r2",
            "4 | Progressing | r1=3 r2=3 | 60/40 | r1/r2",
            "5 | Progressing | r1=3 r2=3 | 40/60 | r1/r2",
            "5 | Progressing | r1=2 r2=3 | 40/60 | r1/r2",
            "5 | Paused | r1=2 r2=3 | 40/60 | r1/r2",
            "6 | Progressing | r1=2 r2=3 | 40/60 | r1/r2",
            "6 | Progressing | r1=2 r2=4 | 40/60 | r1/r2",
            "7 | Progressing | r1=2 r2=4 | 20/80 | r1/r2",
            "7 | Progressing | r1=1 r2=4 | 20/80 | r1/r2",
            "7 | Paused | r1=1 r2=4 | 20/80 | r1/r2",
            "8 | Progressing | r1=1 r2=4 | 20/80 | r1/r2",
            "8 | Progressing | r1=1 r2=5 | 20/80 | r1/r2",
            "8 | Healthy | r1=1 r2=5 | 0/100 | r1/r2",
            "8 | Healthy | r1=1 r2=5 | 100/0 | r2/r2",
            "8 | Healthy | r1=0 r2=5 | 100/0 | r2/r2");
        c.ReplicaSetByRevision(1).Annotations.Should().NotContainKey(RolloutAnnotations.ScaleDownDeadline, "DSS scales the old stable down without delay");
    }

    [Fact]
    public void Abort_at_step_four_then_retry_then_promote_full()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        Update(c);
        c.Run(Paused);
        LifecycleSetup.Promote(c);
        c.Run(c2 => c2.Rollout.Status?.CurrentStepIndex == 4 && c2.ReplicaSetByRevision(2).AvailableReplicas == 3);
        Phase(c, LifecycleSetup.Abort, null,
            "0 | Degraded | r1=5 r2=3 | 100/0 | r1/r2",
            "0 | Degraded | r1=5 r2=0 | 100/0 | r1/r2");
        c.Rollout.Status!.Message.Should().Be("RolloutAborted: Rollout aborted update to revision 2");
        c.Rollout.Status.Abort.Should().BeTrue();
        c.ReplicaSetByRevision(2).Annotations.Should().ContainKey(RolloutAnnotations.ScaleDownDeadline, "an aborted canary keeps its deadline annotation");
        Phase(c, LifecycleSetup.Retry, Paused,
            "0 | Progressing | r1=5 r2=0 | 100/0 | r1/r2",
            "0 | Progressing | r1=5 r2=1 | 100/0 | r1/r2",
            "1 | Progressing | r1=5 r2=1 | 80/20 | r1/r2",
            "1 | Paused | r1=5 r2=1 | 80/20 | r1/r2");
        Phase(c, LifecycleSetup.PromoteFull, null,
            "1 | Paused | r1=5 r2=1 | 80/20 | r1/r2",
            "8 | Progressing | r1=5 r2=5 | 80/20 | r1/r2",
            "8 | Healthy | r1=5 r2=5 | 80/20 | r1/r2",
            "8 | Healthy | r1=5 r2=5 | 100/0 | r2/r2",
            "8 | Healthy | r1=0 r2=5 | 100/0 | r2/r2");
        c.Rollout.Status!.PromoteFull.Should().BeNull();
    }

    [Fact]
    public void Template_changed_mid_update_restarts_at_step_zero()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        Update(c);
        c.Run(Paused);
        LifecycleSetup.Promote(c);
        c.Run(c2 => c2.Rollout.Status?.CurrentStepIndex == 3 && Paused(c2));
        Phase(c, cl => LifecycleSetup.SetImage(cl, "demo:3"), cl => cl.ReplicaSets.Count == 3 && cl.Rollout.Status?.CurrentStepIndex == 1 && Paused(cl),
            "3 | Paused | r1=5 r2=2 r3=0 | 60/40 | r1/r2",
            "0 | Progressing | r1=5 r2=2 r3=0 | 60/40 | r1/r2",
            "0 | Progressing | r1=5 r2=2 r3=1 | 100/0 | r1/r3",
            "1 | Progressing | r1=5 r2=0 r3=1 | 80/20 | r1/r3",
            "1 | Paused | r1=5 r2=0 r3=1 | 80/20 | r1/r3");
    }

    [Fact]
    public void Basic_canary_moves_pods_only()
    {
        var c = LifecycleSetup.Basic();
        c.Run();
        Phase(c, Update, Paused,
            "8 | Healthy | r1=5 r2=0 | - | -",
            "0 | Progressing | r1=5 r2=0 | - | -",
            "0 | Progressing | r1=4 r2=0 | - | -",
            "0 | Progressing | r1=4 r2=1 | - | -",
            "1 | Progressing | r1=4 r2=1 | - | -",
            "1 | Paused | r1=4 r2=1 | - | -");
        Phase(c, LifecycleSetup.Promote, null,
            "2 | Progressing | r1=4 r2=1 | - | -",
            "2 | Progressing | r1=3 r2=1 | - | -",
            "2 | Progressing | r1=3 r2=2 | - | -",
            "3 | Progressing | r1=3 r2=2 | - | -",
            "3 | Paused | r1=3 r2=2 | - | -",
            "4 | Progressing | r1=3 r2=2 | - | -",
            "4 | Progressing | r1=2 r2=2 | - | -",
            "4 | Progressing | r1=2 r2=3 | - | -",
            "5 | Progressing | r1=2 r2=3 | - | -",
            "5 | Paused | r1=2 r2=3 | - | -",
            "6 | Progressing | r1=2 r2=3 | - | -",
            "6 | Progressing | r1=1 r2=3 | - | -",
            "6 | Progressing | r1=1 r2=4 | - | -",
            "7 | Progressing | r1=1 r2=4 | - | -",
            "7 | Paused | r1=1 r2=4 | - | -",
            "8 | Progressing | r1=1 r2=4 | - | -",
            "8 | Progressing | r1=0 r2=4 | - | -",
            "8 | Progressing | r1=0 r2=5 | - | -",
            "8 | Healthy | r1=0 r2=5 | - | -");
    }

    [Fact]
    public void Host_routing_switches_services()
    {
        var c = LifecycleSetup.IstioHost();
        c.Run();
        var h1 = c.ReplicaSetByRevision(1).PodTemplateHash;
        c.Service("stable-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h1);
        c.Service("canary-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h1);
        c.Service("stable-svc").Annotations[RolloutAnnotations.ManagedByRollouts].Should().Be("ro");
        Phase(c, Update, Paused,
            "8 | Healthy | r1=5 r2=0 | 100/0 | -",
            "0 | Progressing | r1=5 r2=0 | 100/0 | -",
            "0 | Progressing | r1=5 r2=1 | 100/0 | -",
            "1 | Progressing | r1=5 r2=1 | 80/20 | -",
            "1 | Paused | r1=5 r2=1 | 80/20 | -");
        var h2 = c.ReplicaSetByRevision(2).PodTemplateHash;
        c.Service("canary-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h2);
        c.Service("stable-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h1);
        LifecycleSetup.Promote(c);
        c.Run();
        TraceRowOf(c).Should().Be("8 | Healthy | r1=0 r2=5 | 100/0 | -");
        c.Service("canary-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h2);
        c.Service("stable-svc").Selector[RolloutLabels.PodTemplateHash].Should().Be(h2);
    }

    private static string TraceRowOf(FakeCluster c) => ScenarioTrace.Capture(c).ToString();
}
