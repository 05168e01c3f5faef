using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>§3.10 budget arithmetic for scaling down other ReplicaSets (no Go vector file covers it directly).</summary>
public class OldReplicaSetScaleDownTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Budget_is_available_pods_minus_the_minimum_available()
    {
        // §9.3: replicas 5 with the default "25" → maxUnavailable floor(1.25) = 1, so minAvailable 4.
        var rollout = Rollout(5, maxUnavailable: null);
        OldReplicaSetScaleDown.MaxScaleDown(rollout, [Rs("new", 5, 5, 2), Rs("old", 5, 5, 1)]).Should().Be(6);
        OldReplicaSetScaleDown.MaxScaleDown(rollout, [Rs("new", 5, 3, 2), Rs("old", 5, 1, 1)]).Should().Be(0);
        OldReplicaSetScaleDown.MaxScaleDown(rollout, [Rs("new", 5, 2, 2), null]).Should().Be(-2);
    }

    [Fact]
    public void Basic_canary_drains_newest_first_within_the_budget()
    {
        var (targets, left) = OldReplicaSetScaleDown.BasicCanaryTargets(
            [Rs("r1", 4, 4, 1), Rs("r3", 3, 3, 3), Rs("r2", 2, 2, 2)], maxScaleDown: 4);

        targets.Should().BeEquivalentTo(new Dictionary<string, int> { ["r3"] = 0, ["r2"] = 1, ["r1"] = 4 });
        left.Should().Be(0);
    }

    [Fact]
    public void Basic_canary_with_spare_budget_empties_everything()
    {
        var (targets, left) = OldReplicaSetScaleDown.BasicCanaryTargets([Rs("a", 2, 2, 1), Rs("b", 1, 1, 2)], maxScaleDown: 10);
        targets.Values.Should().AllBeEquivalentTo(0);
        left.Should().Be(7);
    }

    [Fact]
    public void Unhealthy_replicas_are_trimmed_to_available_without_a_budget()
    {
        var (specs, removed) = OldReplicaSetScaleDown.TrimUnhealthy(
            [Rs("healthy", 3, 3, 1), Rs("sick", 4, 1, 2), Rs("empty", 0, 0, 3), Rs("extra", 1, 2, 4)]);

        specs.Should().BeEquivalentTo(new Dictionary<string, int> { ["sick"] = 1 });
        removed.Should().Be(3);
    }

    [Fact]
    public void Newest_first_orders_by_revision_then_creation_time()
    {
        var ordered = OldReplicaSetScaleDown.NewestFirst(
        [
            Rs("old", 1, 1, 1, created: T0),
            Rs("tie-older", 1, 1, 2, created: T0),
            Rs("tie-newer", 1, 1, 2, created: T0.AddMinutes(1)),
        ]);
        ordered.Select(r => r.Name).Should().Equal("tie-newer", "tie-older", "old");
    }

    private static Rollout Rollout(int replicas, IntOrString? maxUnavailable) => new()
    {
        Spec = new RolloutSpec
        {
            Replicas = replicas,
            Strategy = new RolloutStrategy { Canary = new CanaryStrategy { MaxUnavailable = maxUnavailable } },
        },
    };

    private static ReplicaSetState Rs(string name, int spec, int available, long revision, DateTimeOffset? created = null) => new()
    {
        Name = name,
        PodTemplateHash = name,
        SpecReplicas = spec,
        StatusReplicas = spec,
        AvailableReplicas = available,
        Revision = revision,
        CreationTimestamp = created ?? T0.AddMinutes(revision),
    };
}
