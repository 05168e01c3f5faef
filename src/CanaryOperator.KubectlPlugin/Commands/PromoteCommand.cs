using System.CommandLine;
using CanaryOperator.Engine.Commands;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary><c>promote ROLLOUT [--full]</c>: leave the current pause or step (§2.4); <c>--full</c> skips all steps.</summary>
public static class PromoteCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var full = new Option<bool>("--full") { Description = "Skip all remaining steps and promote the canary to stable" };
        var skipCurrent = new Option<bool>("--skip-current-step", "-c") { Description = "Deprecated: skip the current step", Hidden = true };
        var skipAll = new Option<bool>("--skip-all-steps", "-a") { Description = "Deprecated: skip all remaining steps", Hidden = true };
        var command = new Command("promote", "Promote a paused rollout to its next step, or with --full to stable") { name, full, skipCurrent, skipAll };
        command.SetAction((result, cancellationToken) =>
        {
            var options = new PromoteOptions
            {
                Full = result.GetValue(full),
                SkipCurrentStep = result.GetValue(skipCurrent),
                SkipAllSteps = result.GetValue(skipAll),
            };
            return PlanExecution.RunAsync(context, globals.Read(result), result.GetValue(name)!, r => RolloutCommands.Promote(r, options), cancellationToken);
        });
        return command;
    }
}
