using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Pauses;

namespace CanaryOperator.KubectlPlugin.Rendering;

/// <summary>One canary step in words: <c>setWeight 20</c>, <c>pause (until promoted)</c>, <c>pause 30s</c>...</summary>
public static class StepDescription
{
    public static string Of(CanaryStep step)
    {
        if (step.SetWeight is { } weight)
        {
            return "setWeight " + weight.ToString(CultureInfo.InvariantCulture);
        }

        if (step.Pause is { } pause)
        {
            // pause: {} has no duration and waits for a promote; a duration pauses that long (§2.1, §2.2).
            return pause.Duration is null
                ? "pause (until promoted)"
                : $"pause {PauseDuration.Seconds(pause.Duration).ToString(CultureInfo.InvariantCulture)}s";
        }

        if (step.SetCanaryScale is { } scale)
        {
            return scale switch
            {
                { Replicas: { } r } => $"setCanaryScale replicas {r.ToString(CultureInfo.InvariantCulture)}",
                { Weight: { } w } => $"setCanaryScale weight {w.ToString(CultureInfo.InvariantCulture)}",
                _ => "setCanaryScale matchTrafficWeight",
            };
        }

        if (step.SetHeaderRoute is { } header)
        {
            return $"setHeaderRoute {header.Name}";
        }

        if (step.SetMirrorRoute is { } mirror)
        {
            return $"setMirrorRoute {mirror.Name}";
        }

        return step.Analysis is not null ? "analysis" : step.Experiment is not null ? "experiment" : step.Plugin is not null ? "plugin" : "(empty step)";
    }
}
