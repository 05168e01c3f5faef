using System.CommandLine;
using CanaryOperator.KubectlPlugin.Kube;
using CanaryOperator.KubectlPlugin.Rendering;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// <c>get ROLLOUT [--watch]</c>: prints <see cref="RolloutTree"/>. With <c>--watch</c> it re-reads the rollout and
/// its ReplicaSets every <c>--interval</c> and prints the tree again whenever it changed, until Ctrl-C or
/// <c>--timeout-seconds</c>.
/// </summary>
public static class GetCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep printing the tree whenever it changes" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "With --watch: stop after this many seconds (0 = never)" };
        var interval = new Option<double>("--interval") { Description = "With --watch: seconds between reads", DefaultValueFactory = _ => 1.0 };
        var command = new Command("get", "Show a rollout: step, weights, ReplicaSets and pods, phase and how to continue") { name, watch, timeout, interval };
        command.SetAction((result, cancellationToken) => PlanExecution.Guard(context, async () =>
        {
            using var connection = KubeConnection.Open(globals.Read(result), context.Client);
            var api = new RolloutApi(connection.Client, connection.Namespace);
            var rolloutName = result.GetValue(name)!;
            if (!result.GetValue(watch))
            {
                await context.Output.WriteAsync(await RenderAsync(api, rolloutName, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return 0;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (result.GetValue(timeout) is > 0 and var seconds)
            {
                limit.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            await WatchAsync(context, api, rolloutName, TimeSpan.FromSeconds(Math.Max(0.05, result.GetValue(interval))), limit.Token).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<string> RenderAsync(RolloutApi api, string name, CancellationToken cancellationToken)
    {
        var rollout = await api.GetRolloutAsync(name, cancellationToken).ConfigureAwait(false);
        var replicaSets = await api.ListReplicaSetsAsync(rollout, cancellationToken).ConfigureAwait(false);
        return RolloutTree.Render(rollout, replicaSets);
    }

    // Polling, not a watch: one GET and one LIST per interval is cheap for a person looking at one rollout, and it
    // cannot miss a ReplicaSet change the way a rollout-only watch would.
    private static async Task WatchAsync(PluginContext context, RolloutApi api, string name, TimeSpan interval, CancellationToken cancellationToken)
    {
        string? last = null;
        try
        {
            while (true)
            {
                var current = await RenderAsync(api, name, cancellationToken).ConfigureAwait(false);
                if (current != last)
                {
                    if (last is not null)
                    {
                        await context.Output.WriteAsync("\n").ConfigureAwait(false);
                    }

                    await context.Output.WriteAsync(current).ConfigureAwait(false);
                    await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    last = current;
                }

                await Task.Delay(interval, context.Clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or --timeout-seconds: a normal end of a watch.
        }
    }
}
