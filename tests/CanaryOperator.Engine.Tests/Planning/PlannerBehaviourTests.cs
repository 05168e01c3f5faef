using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Tests.Scenarios;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Planning;

/// <summary>Single behaviours of the planner: invalid specs, §0.1.6, workloadRef, the DR delay gate, deadlines, rollback.</summary>
public sealed class PlannerBehaviourTests
{
    private static void AssertInvalid(Plan plan, string fieldPrefix)
    {
        plan.Actions.Should().BeEmpty("an invalid spec gets no other action");
        plan.RequeueAfter.Should().Be(TimeSpan.FromSeconds(20));
        plan.Status.Phase.Should().Be(RolloutPhases.Degraded);
        var condition = plan.Status.Conditions!.Single(c => c.Type == RolloutConditionTypes.InvalidSpec);
        condition.Status.Should().Be("True");
        condition.Message.Should().StartWith($"The Rollout \"ro\" is invalid: {fieldPrefix}");
        plan.Status.Message.Should().Be($"InvalidSpec: {condition.Message}");
        plan.Events.Should().ContainSingle(e => e.Type == PlannedEvent.Warning && e.Reason == "InvalidSpec" && e.Message.Contains(fieldPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_virtual_service_is_an_invalid_spec()
    {
        var cluster = LifecycleSetup.IstioSubset();
        var snapshot = cluster.Snapshot() with { VirtualServices = new Dictionary<string, Api.Istio.VirtualService>() };
        AssertInvalid(CanaryPlanner.Plan(snapshot), "spec.strategy.trafficRouting.istio.virtualService.name");
    }

    [Fact]
    public void Missing_route_is_an_invalid_spec()
    {
        var cluster = LifecycleSetup.IstioSubset();
        cluster.UpdateRollout(ro => ro with
        {
            Spec = ro.Spec with
            {
                Strategy = ro.Spec.Strategy with
                {
                    Canary = ro.Spec.Strategy.Canary! with
                    {
                        TrafficRouting = ro.Spec.Strategy.Canary.TrafficRouting! with
                        {
                            Istio = ro.Spec.Strategy.Canary.TrafficRouting.Istio! with
                            {
                                VirtualService = new IstioVirtualServiceRef { Name = "vs", Routes = ["nope"] },
                            },
                        },
                    },
                },
            },
        });
        var plan = CanaryPlanner.Plan(cluster.Snapshot());
        AssertInvalid(plan, "spec.strategy.trafficRouting.istio.virtualService");
        plan.Status.Conditions!.Single(c => c.Type == RolloutConditionTypes.InvalidSpec).Message.Should().Contain("HTTP Route 'nope' is not found");
    }

    [Fact]
    public void Missing_destination_rule_subset_is_an_invalid_spec()
    {
        var cluster = LifecycleSetup.IstioSubset();
        cluster.DestinationRule!["spec"]!["subsets"]!.AsArray().RemoveAt(1);
        AssertInvalid(CanaryPlanner.Plan(cluster.Snapshot()), "spec.strategy.trafficRouting.istio.destinationRule");
    }

    [Fact]
    public void Workload_ref_to_a_missing_deployment_is_an_invalid_spec()
    {
        var snapshot = new ClusterSnapshot { Rollout = WorkloadRefRollout("never"), Now = LifecycleSetup.Start };
        AssertInvalid(CanaryPlanner.Plan(snapshot), "spec.workloadRef");
    }

    [Fact]
    public void Template_and_workload_ref_together_are_an_invalid_spec()
    {
        var rollout = WorkloadRefRollout("never");
        rollout = rollout with { Spec = rollout.Spec with { Template = LifecycleSetup.Rollout(5, "").Spec.Template } };
        var snapshot = new ClusterSnapshot { Rollout = rollout, Now = LifecycleSetup.Start, ReferencedDeployment = Deployment() };
        AssertInvalid(CanaryPlanner.Plan(snapshot), "spec.template");
    }

    [Fact]
    public void Invalid_spec_event_is_not_repeated_while_unchanged()
    {
        var cluster = LifecycleSetup.IstioSubset();
        var snapshot = cluster.Snapshot() with { VirtualServices = new Dictionary<string, Api.Istio.VirtualService>() };
        var first = CanaryPlanner.Plan(snapshot);
        var second = CanaryPlanner.Plan(snapshot with { Rollout = snapshot.Rollout with { Status = first.Status } });
        second.Events.Should().BeEmpty();
        second.Status.Should().BeEquivalentTo(first.Status);
    }

    [Fact]
    public void Absent_spec_replicas_is_written_as_one()
    {
        var cluster = LifecycleSetup.IstioSubset(replicas: null);
        cluster.Pass(); // creates the first ReplicaSet
        var plan = cluster.Pass();
        plan.Actions.Should().Equal(new SetRolloutReplicas("default", "ro", 1));
        cluster.Rollout.Spec.Replicas.Should().Be(1);
    }

    [Fact]
    public void First_replica_set_is_created_with_owner_revision_and_hash()
    {
        var cluster = LifecycleSetup.IstioSubset();
        var plan = cluster.Pass();
        var create = plan.Actions.OfType<CreateReplicaSet>().Single().ReplicaSet;
        var hash = create.Metadata.Labels[RolloutLabels.PodTemplateHash];
        create.Metadata.Name.Should().Be($"ro-{hash}");
        create.Spec.Replicas.Should().Be(0);
        create.Spec.Selector.MatchLabels[RolloutLabels.PodTemplateHash].Should().Be(hash);
        create.Spec.Template.Metadata.Labels[RolloutLabels.PodTemplateHash].Should().Be(hash);
        create.Metadata.Annotations[RolloutAnnotations.Revision].Should().Be("1");
        create.Metadata.Annotations[RolloutAnnotations.DesiredReplicas].Should().Be("5");
        create.Metadata.OwnerReferences.Single().Should().Match<V1OwnerReference>(o => o.Controller == true && o.Kind == "Rollout" && o.Name == "ro");
        plan.Actions.Should().Contain(new SetRolloutRevisionAnnotation("default", "ro", "1"));
        plan.Status.Conditions!.Single(c => c.Type == RolloutConditionTypes.Progressing).Reason.Should().Be(RolloutConditionReasons.NewReplicaSetCreated);
        plan.Events.Should().ContainSingle(e => e.Reason == "NewReplicaSetCreated");
    }

    [Theory]
    [InlineData("never", 5)]
    [InlineData("onsuccess", 0)]
    [InlineData("progressively", 0)]
    public void Workload_ref_scale_down_modes(string mode, int deploymentReplicas)
    {
        var cluster = new FakeCluster(WorkloadRefRollout(mode), LifecycleSetup.Start) { Deployment = Deployment() };
        cluster.Run();
        cluster.Run(); // onsuccess acts on the pass after the phase became Healthy
        cluster.Rollout.Status!.Phase.Should().Be(RolloutPhases.Healthy);
        cluster.Deployment!.SpecReplicas.Should().Be(deploymentReplicas);
        cluster.Rollout.Status.WorkloadObservedGeneration.Should().Be("7");
    }

    [Fact]
    public void Destination_rule_switch_waits_for_every_canary_pod()
    {
        var cluster = LifecycleSetup.IstioSubset();
        cluster.Run();
        LifecycleSetup.SetImage(cluster, "demo:2");
        cluster.Pass(); // create
        cluster.Pass(); // reset
        var h2 = cluster.Rollout.Status!.CurrentPodHash!;
        cluster.Unready.Add(h2);
        cluster.Pass(); // DR canary → h2 at weight 0, canary scaled to 1
        for (var i = 0; i < 3; i++)
        {
            var before = cluster.Rollout.Status;
            var plan = cluster.Pass();
            plan.Waiting.Should().Be($"delaying destination rule switch: ReplicaSet ro-{h2} not fully available");
            plan.Error.Should().BeNull("waiting for pods is an expected state, not a failure");
            plan.Status.Should().BeSameAs(before, "no status write when the pass waits");
            plan.Actions.OfType<ScaleReplicaSet>().Should().BeEmpty();
        }

        cluster.Unready.Remove(h2);
        cluster.Run(c => c.Rollout.Status?.PauseConditions is { Count: > 0 });
        ScenarioTrace.Capture(cluster).Weights.Should().Be("80/20");
    }

    [Fact]
    public void Progress_deadline_exceeded_degrades_and_can_abort()
    {
        var cluster = LifecycleSetup.IstioHost(canaryExtra: "");
        cluster.UpdateRollout(ro => ro with { Spec = ro.Spec with { ProgressDeadlineSeconds = 60, ProgressDeadlineAbort = true } });
        cluster.Run();
        LifecycleSetup.SetImage(cluster, "demo:2");
        cluster.Pass();
        cluster.Pass();
        cluster.Unready.Add(cluster.Rollout.Status!.CurrentPodHash!);
        cluster.Run(c => c.Rollout.Status?.Abort == true, maxPasses: 50);
        var status = cluster.Rollout.Status!;
        status.Phase.Should().Be(RolloutPhases.Degraded);
        status.Conditions!.Single(c => c.Type == RolloutConditionTypes.Progressing).Message.Should().EndWith("has timed out progressing.");
        ScenarioTrace.Capture(cluster).Weights.Should().Be("100/0");
    }

    [Fact]
    public void Rollback_to_stable_mid_update_skips_steps()
    {
        var cluster = LifecycleSetup.IstioSubset();
        cluster.Run();
        LifecycleSetup.SetImage(cluster, "demo:2");
        cluster.Run(c => c.Rollout.Status?.PauseConditions is { Count: > 0 });
        var h1 = cluster.ReplicaSetByRevision(1).PodTemplateHash;
        LifecycleSetup.SetImage(cluster, "demo:1");
        var passes = cluster.History.Count;
        cluster.Run(c => c.Rollout.Status?.CurrentPodHash == h1);
        cluster.Rollout.Status!.CurrentStepIndex.Should().Be(8, "rolling back to the stable ReplicaSet skips the steps");
        cluster.History.Skip(passes).SelectMany(p => p.Events).Should().Contain(e => e.Reason == "SkipSteps");
        cluster.Run();
        cluster.ReplicaSetByHash(h1)!.Revision.Should().Be(3, "the re-used ReplicaSet gets the next revision");
        cluster.ReplicaSetByHash(h1)!.Annotations[RolloutAnnotations.RevisionHistory].Should().Be("1");
        ScenarioTrace.Capture(cluster).ToString().Should().Be("8 | Healthy | r2=0 r3=5 | 100/0 | r3/r3");
    }

    private static Rollout WorkloadRefRollout(string scaleDown) => ApiJson.Deserialize<Rollout>("""
        {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
         "metadata":{"name":"ro","namespace":"default","generation":1,"uid":"u","annotations":{"rollout.argoproj.io/workload-generation":"7"}},
         "spec":{"replicas":5,"selector":{"matchLabels":{"app":"demo"}},
           "workloadRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"app","scaleDown":"@MODE@"},
           "strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}]}}}}
        """.Replace("@MODE@", scaleDown, StringComparison.Ordinal));

    private static DeploymentState Deployment() => new()
    {
        Namespace = "default",
        Name = "app",
        Generation = 7,
        SpecReplicas = 5,
        Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "demo" } },
        Template = LifecycleSetup.Rollout(5, "").Spec.Template,
    };
}
