using System.CommandLine;
using CanaryOperator.Engine.Commands;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary><c>pause ROLLOUT</c>: <c>spec.paused=true</c> on the main resource (§2.11).</summary>
public static class PauseCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var command = new Command("pause", "Pause the rollout where it is (spec.paused=true)") { name };
        command.SetAction((result, cancellationToken) =>
            PlanExecution.RunAsync(context, globals.Read(result), result.GetValue(name)!, RolloutCommands.Pause, cancellationToken));
        return command;
    }
}
