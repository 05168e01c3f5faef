using CanaryOperator.Api.Rollouts;
using CanaryOperator.Controllers;
using CanaryOperator.Runtime.Metrics;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Controllers;

public sealed class RolloutGaugesTests
{
    private readonly MetricsRegistry _registry = new();

    private string[] PhaseLines => [.. _registry.Render().Split('\n').Where(l => l.StartsWith("rollout_phase{", StringComparison.Ordinal))];

    [Fact]
    public void One_phase_series_per_rollout_follows_the_current_phase()
    {
        var gauges = new RolloutGauges(_registry);

        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Progressing });
        gauges.Set("ns", "other", new RolloutStatus { Phase = RolloutPhases.Healthy });
        PhaseLines.Should().Equal(
            "rollout_phase{namespace=\"ns\",name=\"other\",phase=\"Healthy\"} 1",
            "rollout_phase{namespace=\"ns\",name=\"ro\",phase=\"Progressing\"} 1");

        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Paused });
        PhaseLines.Should().Equal(
            "rollout_phase{namespace=\"ns\",name=\"other\",phase=\"Healthy\"} 1",
            "rollout_phase{namespace=\"ns\",name=\"ro\",phase=\"Paused\"} 1");
    }

    [Fact]
    public void A_status_without_a_phase_and_a_removed_rollout_have_no_phase_series()
    {
        var gauges = new RolloutGauges(_registry);
        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Degraded, CurrentStepIndex = 2 });
        gauges.Set("ns", "fresh", new RolloutStatus());

        PhaseLines.Should().Equal("rollout_phase{namespace=\"ns\",name=\"ro\",phase=\"Degraded\"} 1");
        _registry.Render().Should().Contain("rollout_current_step_index{namespace=\"ns\",name=\"fresh\"} 0\n");

        gauges.Remove("ns", "ro");
        PhaseLines.Should().BeEmpty();
        _registry.Render().Should().NotContain("name=\"ro\"");
    }

    [Fact]
    public void Repeated_sets_in_one_phase_move_the_values_and_a_removed_rollout_gets_its_series_back()
    {
        var gauges = new RolloutGauges(_registry);
        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Paused, CurrentStepIndex = 1 });
        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Paused, CurrentStepIndex = 3 });
        _registry.Render().Should().Contain("rollout_current_step_index{namespace=\"ns\",name=\"ro\"} 3\n");

        gauges.Remove("ns", "ro");
        gauges.Set("ns", "ro", new RolloutStatus { Phase = RolloutPhases.Paused, CurrentStepIndex = 2 });

        PhaseLines.Should().Equal("rollout_phase{namespace=\"ns\",name=\"ro\",phase=\"Paused\"} 1");
        _registry.Render().Should().Contain("rollout_current_step_index{namespace=\"ns\",name=\"ro\"} 2\n");
    }
}
