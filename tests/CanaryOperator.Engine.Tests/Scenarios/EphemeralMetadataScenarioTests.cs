using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>
/// Ephemeral metadata (§6.6) through whole lifecycles on the fake cluster: the first ReplicaSet starts with the stable
/// metadata, a canary with the canary metadata, the switch happens the pass after the promotion, and the metadata
/// never feeds the pod-template hash (§6.2) or the search for the new ReplicaSet (§6.4).
/// </summary>
public sealed class EphemeralMetadataScenarioTests
{
    private const string Metadata = """
        ,"canaryMetadata":{"labels":{"role":"canary","canary-only":"yes"},"annotations":{"tier":"canary"}},
        "stableMetadata":{"labels":{"role":"stable"}}
        """;

    private static bool Paused(FakeCluster c) => c.Rollout.Status?.PauseConditions is { Count: > 0 };

    private static IDictionary<string, string> Labels(ReplicaSetState rs) => rs.Template!.Metadata.Labels;

    private static IDictionary<string, string>? TemplateAnnotations(ReplicaSetState rs) => rs.Template!.Metadata.Annotations;

    private static string? Record(ReplicaSetState rs) => rs.Annotations.GetValueOrDefault(RolloutAnnotations.EphemeralMetadata);

    private static FakeCluster Deployed()
    {
        var c = LifecycleSetup.IstioSubset(canaryExtra: Metadata);
        c.Run();
        return c;
    }

    private static void SetMetadata(FakeCluster c, PodMetadata? canaryMetadata, PodMetadata? stableMetadata) =>
        c.UpdateRollout(ro => ro with
        {
            Spec = ro.Spec with
            {
                Strategy = ro.Spec.Strategy with { Canary = ro.Spec.Strategy.Canary! with { CanaryMetadata = canaryMetadata, StableMetadata = stableMetadata } },
            },
        });

    [Fact]
    public void The_first_replica_set_is_created_with_the_stable_metadata_and_the_plain_hash()
    {
        var c = LifecycleSetup.IstioSubset(canaryExtra: Metadata);
        var create = c.Pass().Actions.OfType<CreateReplicaSet>().Single().ReplicaSet;

        var plainHash = PodTemplateHash.Compute(c.Rollout.Spec.Template!, null);
        create.Metadata.Name.Should().Be($"ro-{plainHash}", "the hash is computed before injection (§6.2)");
        create.Spec.Template.Metadata.Labels.Should().Contain("role", "stable").And.NotContainKey("canary-only");
        create.Metadata.Labels.Should().NotContainKey("role", "only the pod template carries ephemeral metadata");
        create.Spec.Selector.MatchLabels.Should().NotContainKey("role");
        create.Metadata.Annotations[RolloutAnnotations.EphemeralMetadata].Should().Be("""{"labels":{"role":"stable"}}""");

        c.Run();
        c.History.Skip(1).SelectMany(p => p.Actions).OfType<SetReplicaSetEphemeralMetadata>().Should().BeEmpty("created right, never rewritten");
        c.Pass().Actions.Should().BeEmpty("steady state");
    }

    [Fact]
    public void The_canary_carries_the_canary_metadata_and_switches_to_stable_after_promotion()
    {
        var c = Deployed();
        var r1 = c.ReplicaSetByRevision(1);
        LifecycleSetup.SetImage(c, "demo:2");
        c.Run(Paused);

        var r2 = c.ReplicaSetByRevision(2);
        Labels(r2).Should().Contain("role", "canary").And.Contain("canary-only", "yes");
        TemplateAnnotations(r2).Should().Contain("tier", "canary");
        Labels(c.ReplicaSetByRevision(1)).Should().Contain("role", "stable");
        c.History.SelectMany(p => p.Actions).OfType<SetReplicaSetEphemeralMetadata>().Should().BeEmpty("the canary was created with its metadata");

        LifecycleSetup.PromoteFull(c);
        c.Run(cl => cl.Rollout.Status?.StableRS == r2.PodTemplateHash);
        Labels(c.ReplicaSetByRevision(2)).Should().Contain("role", "canary", "the switch waits for the pass after the promotion");
        var switchPass = c.Pass();

        var write = switchPass.Actions.OfType<SetReplicaSetEphemeralMetadata>().Should().ContainSingle().Subject;
        write.Name.Should().Be(r2.Name);
        var podWrites = switchPass.Actions.OfType<SetPodEphemeralMetadata>().ToList();
        podWrites.Should().HaveCount(5, "every pod of the new stable is brought along");
        podWrites.Should().OnlyContain(p => p.Metadata.ToString() == "labels{canary-only-,role=stable} annotations{tier-}");
        switchPass.Actions.ToList().IndexOf(write).Should().BeGreaterThan(switchPass.Actions.ToList().FindLastIndex(a => a is SetPodEphemeralMetadata),
            "the pods first, the ReplicaSet's record last: an interrupted pass is redone");
        c.Pods.Where(p => p.ReplicaSetName == r2.Name).Should().HaveCount(5).And.OnlyContain(
            p => p.Labels["role"] == "stable" && !p.Labels.ContainsKey("canary-only") && !p.Annotations.ContainsKey("tier"));
        write.Template.ToString().Should().Be("labels{canary-only-,role=stable} annotations{tier-}");
        write.Record.Should().Be("""{"labels":{"role":"stable"}}""");
        Labels(c.ReplicaSetByRevision(2)).Should().Contain("role", "stable").And.NotContainKey("canary-only");
        TemplateAnnotations(c.ReplicaSetByRevision(2)).Should().NotContainKey("tier");

        // The old stable's template is cleaned with the first write the planner makes to it anyway: its scale-down
        // deadline, in the same plan and right before it (one patch for the operator).
        c.Run(cl => Record(cl.ReplicaSetByRevision(1)) is null);
        var cleanupPlan = c.History[^1].Actions;
        var cleanup = cleanupPlan.OfType<SetReplicaSetEphemeralMetadata>().Should().ContainSingle().Subject;
        cleanup.Should().Be(new SetReplicaSetEphemeralMetadata("default", r1.Name, cleanup.Template, null));
        cleanup.Template.ToString().Should().Be("labels{role-} annotations{}");
        var next = cleanupPlan[cleanupPlan.ToList().IndexOf(cleanup) + 1];
        next.Should().BeOfType<SetReplicaSetAnnotation>().Which.Should().Match<SetReplicaSetAnnotation>(a => a.Name == r1.Name && a.Key == RolloutAnnotations.ScaleDownDeadline);
        Labels(c.ReplicaSetByRevision(1)).Should().NotContainKey("role");

        c.Run();
        c.Rollout.Status!.Phase.Should().Be(RolloutPhases.Healthy);
        c.ReplicaSets.Should().HaveCount(2, "no ReplicaSet was created for a metadata change");
        var listings = c.PodListings;
        c.Pass().Actions.Should().BeEmpty("steady state");
        c.Pass();
        c.PodListings.Should().Be(listings, "a settled Rollout lists no pods");
    }

    [Fact]
    public void Adding_or_changing_canary_metadata_mid_update_relabels_the_canary_without_a_new_replica_set()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        LifecycleSetup.SetImage(c, "demo:2");
        c.Run(Paused);
        c.Run(); // settle the pause (conditions) so the next pass is the rolloutCanary one
        var before = c.Rollout.Status!;
        var canaryName = c.ReplicaSetByRevision(2).Name;

        SetMetadata(c, new PodMetadata { Labels = new Dictionary<string, string> { ["role"] = "canary" } }, null);
        var added = c.Pass();

        added.Actions.Should().HaveCount(2);
        added.Actions[0].Should().Be(new SetPodEphemeralMetadata("default", $"{canaryName}-0", ((SetPodEphemeralMetadata)added.Actions[0]).Metadata));
        added.Actions[1].Should().Be(
            new SetReplicaSetEphemeralMetadata("default", canaryName, added.Actions.OfType<SetReplicaSetEphemeralMetadata>().Single().Template, """{"labels":{"role":"canary"}}"""));
        c.Pods.Single(p => p.ReplicaSetName == canaryName).Labels.Should().Contain("role", "canary");
        Labels(c.ReplicaSetByRevision(2)).Should().Contain("role", "canary");
        Labels(c.ReplicaSetByRevision(1)).Should().NotContainKey("role", "no stableMetadata");

        SetMetadata(c, new PodMetadata { Labels = new Dictionary<string, string> { ["track"] = "canary" } }, null);
        c.Pass().Actions.OfType<SetReplicaSetEphemeralMetadata>().Single().Template.ToString().Should().Be("labels{role-,track=canary} annotations{}");
        c.Run(cl => false, maxPasses: 5);

        c.ReplicaSets.Should().HaveCount(2, "the metadata is not part of the pod-template hash");
        c.Rollout.Status!.CurrentPodHash.Should().Be(before.CurrentPodHash);
        c.Rollout.Status.CurrentStepHash.Should().Be(before.CurrentStepHash);
        c.Rollout.Status.CurrentStepIndex.Should().Be(before.CurrentStepIndex, "the update is not restarted");
        Paused(c).Should().BeTrue();
        Labels(c.ReplicaSetByRevision(2)).Should().Contain("track", "canary").And.NotContainKey("role");
    }

    [Fact]
    public void Removing_both_metadata_blocks_removes_what_was_injected()
    {
        var c = Deployed();
        Labels(c.ReplicaSetByRevision(1)).Should().Contain("role", "stable");

        SetMetadata(c, null, null);
        c.Pass().Actions.OfType<SetReplicaSetEphemeralMetadata>().Should().ContainSingle();
        c.Run();

        Labels(c.ReplicaSetByRevision(1)).Should().NotContainKey("role");
        Record(c.ReplicaSetByRevision(1)).Should().BeNull();
        c.Pass().Actions.Should().BeEmpty();
    }

    [Fact]
    public void The_new_replica_set_is_found_by_its_template_even_with_injected_metadata()
    {
        // A ReplicaSet whose hash label came from another algorithm (§6.4 fallback) and whose template carries
        // injected canary metadata is still the new ReplicaSet: no second ReplicaSet is created.
        var c = Deployed();
        var rs = c.ReplicaSetByRevision(1);
        var template = ApiJson.Deserialize<k8s.Models.V1PodTemplateSpec>(ApiJson.Serialize(rs.Template!));
        template.Metadata.Labels[RolloutLabels.PodTemplateHash] = "legacy";
        c.AddReplicaSet(rs with { PodTemplateHash = "legacy", Template = template });
        EphemeralMetadataSync.Recorded(rs.Annotations).Should().NotBeNull();

        var plan = c.Pass();

        plan.Actions.OfType<CreateReplicaSet>().Should().BeEmpty();
        plan.Status.CurrentPodHash.Should().Be("legacy");
    }

    [Fact]
    public void A_pass_interrupted_after_the_pod_patches_is_redone_by_the_next_one()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        var rs = c.ReplicaSetByRevision(1);
        SetMetadata(c, null, new PodMetadata { Labels = new Dictionary<string, string> { ["role"] = "stable" } });

        // The operator patched the pods, then died before the ReplicaSet patch (and so before the status write).
        var plan = CanaryPlanner.Plan(c.Snapshot());
        plan.Actions.OfType<SetPodEphemeralMetadata>().Should().HaveCount(5);
        c.Apply(plan with { Actions = [.. plan.Actions.Where(a => a is SetPodEphemeralMetadata)], Error = "crashed" });
        Record(c.ReplicaSetByRevision(1)).Should().BeNull();

        var listings = c.PodListings;
        var redo = c.Pass();

        c.PodListings.Should().Be(listings + 1, "the ReplicaSet is still out of date, so the pods are listed again");
        redo.Actions.Should().ContainSingle().Which.Should().BeOfType<SetReplicaSetEphemeralMetadata>().Which.Name.Should().Be(rs.Name,
            "the pods already carry the metadata; only the ReplicaSet is left");
        Labels(c.ReplicaSetByRevision(1)).Should().Contain("role", "stable");
        c.Pods.Should().OnlyContain(p => p.Labels["role"] == "stable");
        c.Pass().Actions.Should().BeEmpty();
    }

    [Fact]
    public void Pods_are_listed_only_for_a_replica_set_with_pods_whose_role_metadata_is_out_of_date()
    {
        var c = Deployed();
        var snapshot = c.Snapshot();
        PodObservation.Needed(snapshot).Should().BeFalse("in place");
        snapshot.Pods.Should().BeNull();

        SetMetadata(c, null, new PodMetadata { Labels = new Dictionary<string, string> { ["role"] = "primary" } });
        PodObservation.Needed(c.Snapshot()).Should().BeTrue("the stable ReplicaSet must change and has pods");

        var scaledToZero = c.ReplicaSetByRevision(1) with { SpecReplicas = 0, StatusReplicas = 0 };
        PodObservation.Needed(c.Snapshot() with { ReplicaSets = [scaledToZero] }).Should().BeFalse("no pod to patch: the template is enough");
    }
}
