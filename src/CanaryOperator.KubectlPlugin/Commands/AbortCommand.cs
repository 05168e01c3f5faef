using System.CommandLine;
using CanaryOperator.Engine.Commands;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary><c>abort ROLLOUT</c>: <c>status.abort=true</c> through <c>/status</c> (§2.6).</summary>
public static class AbortCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var command = new Command("abort", "Abort the update: traffic and pods go back to the stable ReplicaSet") { name };
        command.SetAction((result, cancellationToken) =>
            PlanExecution.RunAsync(context, globals.Read(result), result.GetValue(name)!, RolloutCommands.Abort, cancellationToken));
        return command;
    }
}
