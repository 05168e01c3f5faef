using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// <c>resume</c> undoes <c>pause</c> (<c>spec.paused=false</c>, <see cref="RolloutCommands.Resume"/>). Argo's
/// plugin has no resume any more (promote clears spec.paused too), so refusing what it cannot do is ours: a
/// rollout that is not manually paused gets an error naming the command that would continue it.
/// </summary>
public static class ResumePlan
{
    public static RolloutCommandPlan For(Rollout rollout, string ns)
    {
        var name = rollout.Metadata?.Name ?? "";
        if (rollout.Spec.Paused == true)
        {
            return RolloutCommands.Resume(rollout);
        }

        var reasons = rollout.Status?.PauseConditions?.Select(p => p.Reason).Where(r => !string.IsNullOrEmpty(r)).ToList() ?? [];
        return reasons.Count > 0
            ? RolloutCommandPlan.Fail($"rollout '{name}' is not manually paused; it waits at a step ({string.Join(", ", reasons)}): continue with 'kubectl canary promote {name} -n {ns}'")
            : RolloutCommandPlan.Fail($"rollout '{name}' is not paused");
    }
}
