using CanaryOperator.Engine.Planning;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary><c>TrafficWeightUpdated</c> is recorded for each real change of the canary weight and for nothing else.</summary>
public sealed class TrafficWeightEventTests
{
    private static List<string> WeightEvents(FakeCluster c, int fromPass = 0) =>
        [.. c.History.Skip(fromPass).SelectMany(p => p.Events).Where(e => e.Reason == EventReasons.TrafficWeightUpdated).Select(e => e.Message)];

    [Fact]
    public void Adopting_a_rollout_records_no_weight_change_from_0_to_0()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();

        c.Rollout.Status!.Canary!.Weights.Should().NotBeNull("the first pass fills in status.canary.weights");
        WeightEvents(c).Should().BeEmpty("the canary weight stayed at 0");
    }

    [Fact]
    public void The_first_setWeight_of_an_update_records_one_change()
    {
        var c = LifecycleSetup.IstioSubset();
        c.Run();
        var passes = c.History.Count;
        LifecycleSetup.SetImage(c, "demo:2");
        c.Run(x => x.Rollout.Status?.Canary?.Weights?.Canary.Weight == 20);
        c.Run();

        WeightEvents(c, passes).Should().Equal("Traffic weight updated from 0 to 20");
    }
}
