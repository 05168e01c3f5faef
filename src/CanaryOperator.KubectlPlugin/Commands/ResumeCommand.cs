using System.CommandLine;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary><c>resume ROLLOUT</c>: clear <c>spec.paused</c> set by <c>pause</c>; errors when the rollout is not paused.</summary>
public static class ResumeCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var command = new Command("resume", "Resume a manually paused rollout (spec.paused=false)") { name };
        command.SetAction((result, cancellationToken) =>
        {
            var flags = globals.Read(result);
            return PlanExecution.RunAsync(context, flags, result.GetValue(name)!,
                r => ResumePlan.For(r, r.Metadata?.NamespaceProperty ?? flags.Namespace ?? "default"), cancellationToken);
        });
        return command;
    }
}
