using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
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
}
