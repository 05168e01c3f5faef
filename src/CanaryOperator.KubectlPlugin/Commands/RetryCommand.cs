using System.CommandLine;
using CanaryOperator.Engine.Commands;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// <c>retry rollout ROLLOUT</c> (Argo's spelling) or <c>retry ROLLOUT</c>: <c>status.abort=false</c> through
/// <c>/status</c> (§2.7).
/// </summary>
public static class RetryCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var shortName = new Argument<string?>("ROLLOUT") { Description = "Name of the Rollout", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("retry", "Retry an aborted rollout from its first step") { shortName };
        command.SetAction((result, cancellationToken) => result.GetValue(shortName) is { } n
            ? Run(context, globals, result, n, cancellationToken)
            : PlanExecution.Guard(context, () => throw new Kube.PluginException("retry needs a rollout name: kubectl canary retry rollout ROLLOUT")));

        var name = RolloutArgument.Create();
        var rollout = new Command("rollout", "Retry an aborted rollout from its first step") { name };
        rollout.SetAction((result, cancellationToken) => Run(context, globals, result, result.GetValue(name)!, cancellationToken));
        command.Add(rollout);
        return command;
    }

    private static Task<int> Run(PluginContext context, GlobalOptions globals, ParseResult result, string name, CancellationToken cancellationToken) =>
        PlanExecution.RunAsync(context, globals.Read(result), name, RolloutCommands.Retry, cancellationToken);
}
