using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>Rules of §10 that the vectors only touch indirectly.</summary>
public class AvailabilityEdgeTests
{
    [Fact]
    public void Traffic_check_floors_while_sizing_ceils()
    {
        // 5 pods at 30 %: sizing asks ceil(1.5) = 2 canary pods, but traffic may move once floor(1.5) = 1 is available.
        CanaryReplicaMath.TrafficWeightToReplicas(5, 30).Should().Be(2);
        ReplicaAvailability.CheckReplicasAvailable(5, 100, null, Rs(2, 1), 30).Should().BeTrue();
        ReplicaAvailability.CheckReplicasAvailable(5, 100, null, Rs(2, 0), 30).Should().BeFalse();
        ReplicaAvailability.CheckReplicasAvailable(5, 100, null, null, 0).Should().BeFalse();
    }

    [Theory]
    [InlineData(29, 100, 29, true)]
    [InlineData(28, 100, 29, false)]
    [InlineData(1, 3, 34, false)]
    [InlineData(1, 3, 33, true)]
    public void Percent_threshold_is_compared_exactly(int available, int desired, int percent, bool met) =>
        ReplicaAvailability.ReplicaProgressThresholdMet(
                new ReplicaProgressThreshold { Type = ReplicaAvailability.ThresholdPercent, Value = percent }, Rs(desired, available), desired)
            .Should().Be(met);

    [Fact]
    public void Unknown_threshold_type_requires_all_desired_available() =>
        ReplicaAvailability.ReplicaProgressThresholdMet(new ReplicaProgressThreshold { Type = "Other", Value = 1 }, Rs(3, 2), 3)
            .Should().BeFalse();

    private static ReplicaSetState Rs(int spec, int available) =>
        new() { Name = "rs", PodTemplateHash = "h", SpecReplicas = spec, StatusReplicas = spec, AvailableReplicas = available };
}
