using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Metrics;

namespace CanaryOperator.Controllers;

/// <summary>
/// Per-Rollout gauges: <c>rollout_phase{namespace,name,phase}</c> (1 for the current phase, 0 for the others),
/// <c>rollout_current_step_index{namespace,name}</c> and <c>rollout_canary_weight{namespace,name}</c>.
/// </summary>
public sealed class RolloutGauges(MetricsRegistry registry)
{
    private static readonly string[] Phases = [RolloutPhases.Progressing, RolloutPhases.Paused, RolloutPhases.Healthy, RolloutPhases.Degraded];

    private readonly Gauge _phase = registry.Gauge("rollout_phase", "Phase of a Rollout (1 = current).", "namespace", "name", "phase");
    private readonly Gauge _step = registry.Gauge("rollout_current_step_index", "status.currentStepIndex of a Rollout.", "namespace", "name");
    private readonly Gauge _weight = registry.Gauge("rollout_canary_weight", "Traffic weight currently sent to the canary.", "namespace", "name");

    public void Set(string ns, string name, RolloutStatus status)
    {
        foreach (var phase in Phases)
        {
            _phase.WithLabels(ns, name, phase).Set(status.Phase == phase ? 1 : 0);
        }

        _step.WithLabels(ns, name).Set(status.CurrentStepIndex ?? 0);
        _weight.WithLabels(ns, name).Set(status.Canary?.Weights?.Canary.Weight ?? 0);
    }

    public void Remove(string ns, string name)
    {
        foreach (var phase in Phases)
        {
            _phase.RemoveLabels(ns, name, phase);
        }

        _step.RemoveLabels(ns, name);
        _weight.RemoveLabels(ns, name);
    }
}
