using System.Collections.Concurrent;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Metrics;

namespace CanaryOperator.Controllers;

/// <summary>
/// Per-Rollout gauges: <c>rollout_phase{namespace,name,phase}</c> (one series, value 1, labelled with the current
/// phase), <c>rollout_current_step_index{namespace,name}</c> and <c>rollout_canary_weight{namespace,name}</c>.
/// </summary>
/// <remarks>
/// Argo's <c>rollout_phase</c> carries one series per phase value (1 for the current one, 0 for the rest). Here only
/// the current phase is exposed: at 10,000 Rollouts the three zero series were 30,000 of the 60,000 lines of a
/// scrape (docs/benchmarks.md, "Profiling (issue 8)"). <c>rollout_phase{phase="Degraded"} == 1</c> and
/// <c>count by (phase) (rollout_phase)</c> read the same; a query for <c>== 0</c> finds nothing.
/// </remarks>
public sealed class RolloutGauges(MetricsRegistry registry)
{
    private static readonly string[] Phases = [RolloutPhases.Progressing, RolloutPhases.Paused, RolloutPhases.Healthy, RolloutPhases.Degraded];

    private readonly Gauge _phase = registry.Gauge("rollout_phase", "Phase of a Rollout: one series, labelled with the current phase.", "namespace", "name", "phase");
    private readonly Gauge _step = registry.Gauge("rollout_current_step_index", "status.currentStepIndex of a Rollout.", "namespace", "name");
    private readonly Gauge _weight = registry.Gauge("rollout_canary_weight", "Traffic weight currently sent to the canary.", "namespace", "name");

    // Each Rollout's three series as last set. Every reconcile sets the gauges; looking the series up by their label
    // values each time (six label-key strings, three removals) was ~3 % of a no-op reconcile (docs/benchmarks.md,
    // "Reconcile CPU"). One worker at a time handles a Rollout, so Set and Remove of one key never race.
    private readonly ConcurrentDictionary<(string Namespace, string Name), Series> _series = new();

    public void Set(string ns, string name, RolloutStatus status)
    {
        // A status without a phase (not yet written) has no phase series.
        var current = Array.Find(Phases, p => p == status.Phase);
        if (_series.TryGetValue((ns, name), out var known) && known.Phase == current)
        {
            known.Step.Set(status.CurrentStepIndex ?? 0);
            known.Weight.Set(status.Canary?.Weights?.Canary.Weight ?? 0);
            return;
        }

        foreach (var phase in Phases)
        {
            if (phase != current)
            {
                _phase.RemoveLabels(ns, name, phase);
            }
        }

        if (current is not null)
        {
            _phase.WithLabels(ns, name, current).Set(1);
        }

        var step = _step.WithLabels(ns, name);
        var weight = _weight.WithLabels(ns, name);
        step.Set(status.CurrentStepIndex ?? 0);
        weight.Set(status.Canary?.Weights?.Canary.Weight ?? 0);
        _series[(ns, name)] = new Series(current, step, weight);
    }

    public void Remove(string ns, string name)
    {
        _series.TryRemove((ns, name), out _);
        foreach (var phase in Phases)
        {
            _phase.RemoveLabels(ns, name, phase);
        }

        _step.RemoveLabels(ns, name);
        _weight.RemoveLabels(ns, name);
    }

    private sealed record Series(string? Phase, Gauge.Child Step, Gauge.Child Weight);
}
