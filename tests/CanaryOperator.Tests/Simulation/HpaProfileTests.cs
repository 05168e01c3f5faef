using CanaryOperator.Simulation;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary><c>simulate --hpa-profile</c>: HPA decisions over virtual time, played through the Rollout's /scale.</summary>
public sealed class HpaProfileTests
{
    private static readonly string IstioSubset = CanaryOperator.TestSupport.RepoPaths.InRepo("examples", "istio-subset");

    [Fact]
    public void Parses_times_and_replicas_in_order()
    {
        HpaProfile.Parse("0s=2, 20s=6,1m=3").Should().Equal(
            new HpaDecision(TimeSpan.Zero, 2), new HpaDecision(TimeSpan.FromSeconds(20), 6), new HpaDecision(TimeSpan.FromMinutes(1), 3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("20s")]
    [InlineData("20s=many")]
    [InlineData("soon=3")]
    [InlineData("20s=3,10s=4")]
    [InlineData("20s=-1")]
    public void Rejects_what_is_not_a_profile(string text)
    {
        var act = () => HpaProfile.Parse(text);
        act.Should().Throw<FormatException>().Which.Message.Should().StartWith("--hpa-profile");
    }

    [Fact]
    public async Task Decisions_are_written_through_scale_when_due_and_the_replica_sets_follow()
    {
        var report = await Simulator.RunAsync(new SimulationOptions
        {
            Paths = [IstioSubset],
            HpaProfile = HpaProfile.Parse("0s=4,20s=9,60s=3"),
            PromoteAfter = TimeSpan.FromSeconds(30),
        });

        report.Summary.Outcome.Should().Be("Healthy");
        var scaled = report.Timeline.Where(r => r.Gesture?.Contains("hpa:", StringComparison.Ordinal) == true).ToList();
        scaled.Select(r => r.Time).Should().Equal(0, 20, 60);
        scaled.Select(r => r.Gesture).Should().Equal(
            "hpa: spec.replicas → 4 through /scale",
            "hpa: spec.replicas → 6 through /scale (9 asked; HPA hpa-rollout-example keeps 2..6)",
            "hpa: spec.replicas → 3 through /scale");
        report.Summary.ApiWritesByResource.Should().NotBeEmpty();

        // Between the decisions the operator sizes both ReplicaSets from the replica count in force (Argo's canary math).
        var at30 = report.Timeline.Last(r => r.Time <= 30);
        ((at30.Stable?.Desired ?? 0) + (at30.Canary?.Desired ?? 0)).Should().BeGreaterThanOrEqualTo(6);
        report.Timeline[^1].Stable!.Desired.Should().Be(3, "the last decision holds once the rollout is done");
    }
}
