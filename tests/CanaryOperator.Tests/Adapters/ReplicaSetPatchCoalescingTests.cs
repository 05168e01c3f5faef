using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Planning;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Adapters;

public sealed class ReplicaSetPatchCoalescingTests
{
    private static readonly UpdateVirtualService Weights = new("ns", "vs", "[]");

    [Fact]
    public void Dropping_the_deadline_then_scaling_the_same_ReplicaSet_is_one_patch()
    {
        var actions = new PlanAction[]
        {
            new SetReplicaSetAnnotation("ns", "canary", RolloutAnnotations.ScaleDownDeadline, null),
            new ScaleReplicaSet("ns", "canary", 1, "5", RemoveScaleDownDeadline: false),
        };

        var combined = ReplicaSetPatchCoalescing.Coalesce(actions).Should().ContainSingle().Which.Should().BeOfType<CombinedReplicaSetPatch>().Subject;
        combined.Name.Should().Be("canary");
        combined.Replicas.Should().Be(1);
        combined.Annotations.Should().Equal(new Dictionary<string, string?>
        {
            [RolloutAnnotations.ScaleDownDeadline] = null,
            [RolloutAnnotations.DesiredReplicas] = "5",
        });
    }

    [Fact]
    public void Only_neighbours_on_one_ReplicaSet_fold_and_never_two_scales()
    {
        var actions = new PlanAction[]
        {
            new SetReplicaSetAnnotation("ns", "a", RolloutAnnotations.RevisionHistory, "1"),
            new SetReplicaSetAnnotation("ns", "a", RolloutAnnotations.Revision, "3"),
            new ScaleReplicaSet("ns", "b", 2, "5", RemoveScaleDownDeadline: false),
            Weights,
            new ScaleReplicaSet("ns", "b", 3, "5", RemoveScaleDownDeadline: false),
            new ScaleReplicaSet("ns", "b", 4, "5", RemoveScaleDownDeadline: true),
        };

        var result = ReplicaSetPatchCoalescing.Coalesce(actions);

        result.Should().HaveCount(5);
        result[0].Should().BeEquivalentTo(new CombinedReplicaSetPatch("ns", "a",
            new Dictionary<string, string?> { [RolloutAnnotations.RevisionHistory] = "1", [RolloutAnnotations.Revision] = "3" }, null));
        result.Skip(1).Should().Equal(actions.Skip(2));
    }

    private static SetReplicaSetEphemeralMetadata Relabel(string name, string? role) => new("ns", name,
        new MetadataChange(new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["role"] = role }, MetadataChange.None.Annotations),
        role is null ? null : "{\"labels\":{\"role\":\"" + role + "\"}}");

    [Fact]
    public void An_ephemeral_metadata_write_moves_down_to_the_next_write_on_its_ReplicaSet()
    {
        // The pass after a promotion: both templates switch first (Argo's order), the old stable's deadline comes last.
        var actions = new PlanAction[]
        {
            Relabel("new", "stable"),
            Relabel("old", null),
            Weights,
            new SetReplicaSetAnnotation("ns", "old", RolloutAnnotations.ScaleDownDeadline, "2026-01-01T00:00:30Z"),
        };

        var result = ReplicaSetPatchCoalescing.Coalesce(actions);

        result.Should().HaveCount(3);
        result[0].Should().Be(actions[0], "no later write to that ReplicaSet: it stays where it was planned");
        result[1].Should().Be(Weights);
        var old = result[2].Should().BeOfType<CombinedReplicaSetPatch>().Subject;
        old.Name.Should().Be("old");
        old.Template.Should().Be(((SetReplicaSetEphemeralMetadata)actions[1]).Template);
        old.Annotations.Should().Equal(new Dictionary<string, string?>
        {
            [RolloutAnnotations.EphemeralMetadata] = null,
            [RolloutAnnotations.ScaleDownDeadline] = "2026-01-01T00:00:30Z",
        });
    }

    [Fact]
    public void An_ephemeral_metadata_write_joins_the_scale_so_new_pods_start_with_it_and_is_dropped_before_a_delete()
    {
        var actions = new PlanAction[]
        {
            Relabel("canary", "canary"),
            Relabel("old", null),
            new DeleteReplicaSet("ns", "old"),
            Weights,
            new ScaleReplicaSet("ns", "canary", 2, "5", RemoveScaleDownDeadline: false),
        };

        var result = ReplicaSetPatchCoalescing.Coalesce(actions);

        result.Should().HaveCount(3);
        result[0].Should().Be(actions[2], "relabelling a ReplicaSet the same plan deletes is a wasted write");
        result[1].Should().Be(Weights);
        var canary = result[2].Should().BeOfType<CombinedReplicaSetPatch>().Subject;
        canary.Replicas.Should().Be(2);
        canary.Template!.Labels.Should().Equal(new Dictionary<string, string?> { ["role"] = "canary" });
        canary.Annotations[RolloutAnnotations.EphemeralMetadata].Should().Be("""{"labels":{"role":"canary"}}""");
    }
}
