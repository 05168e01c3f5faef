using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.KubectlPlugin.Kube;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// The shape every mutating sub-command shares: GET the rollout, ask <see cref="RolloutCommands"/> for the plan,
/// send it in Argo's order and print the plugin's success line.
/// </summary>
internal static class PlanExecution
{
    public static Task<int> RunAsync(PluginContext context, ConnectionFlags flags, string name,
        Func<Rollout, RolloutCommandPlan> plan, CancellationToken cancellationToken) =>
        Guard(context, async () =>
        {
            using var connection = KubeConnection.Open(flags, context.Client);
            var api = new RolloutApi(connection.Client, connection.Namespace);
            var rollout = await api.GetRolloutAsync(name, cancellationToken).ConfigureAwait(false);
            var planned = plan(rollout);
            if (planned.Error is not null)
            {
                throw new PluginException(planned.Error);
            }

            await SendAsync(api, name, planned, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync(planned.Output).ConfigureAwait(false);
            return 0;
        });

    /// <summary>
    /// Status patch first, then the spec patch; when the status PATCH answers NotFound (a CRD without the status
    /// subresource) the unified fallback goes to the main resource instead (<c>cmd/promote/promote.go:PromoteRollout</c>).
    /// </summary>
    public static async Task SendAsync(RolloutApi api, string name, RolloutCommandPlan plan, CancellationToken cancellationToken)
    {
        var statusMissing = false;
        if (plan.StatusPatch is not null)
        {
            statusMissing = !await api.TrySendAsync(name, plan.StatusPatch, cancellationToken).ConfigureAwait(false);
        }

        foreach (var request in plan.RequestsFor(statusMissing).Skip(plan.StatusPatch is null ? 0 : 1))
        {
            if (!await api.TrySendAsync(name, request, cancellationToken).ConfigureAwait(false))
            {
                throw new PluginException(ApiErrors.NotFound(name));
            }
        }
    }

    /// <summary>Prints a <see cref="PluginException"/> as <c>error: ...</c> and returns exit code 1.</summary>
    public static async Task<int> Guard(PluginContext context, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (PluginException e)
        {
            await context.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
