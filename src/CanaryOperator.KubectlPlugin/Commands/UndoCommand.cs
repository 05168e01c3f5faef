using System.CommandLine;
using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using CanaryOperator.KubectlPlugin.Kube;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// <c>undo ROLLOUT [--to-revision N]</c> (§2.10, Argo's <c>cmd/undo/undo.go</c>): a JSON patch replacing the pod template
/// with the chosen revision's ReplicaSet template (hash label removed), planned by <see cref="RolloutUndo"/>. It goes to
/// the Rollout, or, with <c>spec.workloadRef</c>, to the referenced Deployment or ReplicaSet (the same body), or
/// PodTemplate (whose template sits at <c>/template</c>) — the object the Rollout takes its template from.
/// </summary>
public static class UndoCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var toRevision = new Option<long>("--to-revision") { Description = "The revision to roll back to (default: the one before the current)" };
        var command = new Command("undo", "Roll back to a previous revision's pod template") { name, toRevision };
        command.SetAction((result, cancellationToken) => PlanExecution.Guard(context, async () =>
        {
            var revision = result.GetValue(toRevision);
            if (revision < 0)
            {
                throw new PluginException($"invalid --to-revision {revision.ToString(CultureInfo.InvariantCulture)}: revisions are positive");
            }

            var flags = globals.Read(result);
            using var connection = KubeConnection.Open(flags, context.Client);
            var api = new RolloutApi(connection.Client, connection.Namespace);
            var rolloutName = result.GetValue(name)!;
            var rollout = await api.GetRolloutAsync(rolloutName, cancellationToken).ConfigureAwait(false);
            var workload = rollout.Spec.WorkloadRef;
            var current = workload is null
                ? rollout.Spec.Template
                : await api.GetWorkloadTemplateAsync(workload, cancellationToken).ConfigureAwait(false);
            var history = (await api.ListReplicaSetsAsync(rollout, cancellationToken).ConfigureAwait(false))
                .Select(rs => (Revision: rs.Metadata.Annotations?.TryGetValue(RolloutAnnotations.Revision, out var text) == true
                    && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, rs.Spec.Template))
                .Where(h => h.Revision > 0 && h.Template is not null)
                .Select(h => new RolloutRevision(h.Revision, h.Template))
                .ToList();

            var plan = RolloutUndo.Plan(rollout, current, history, revision);
            if (plan.Error is not null)
            {
                throw new PluginException(plan.Error);
            }

            if (plan.SpecPatch is { } patch)
            {
                if (workload is null)
                {
                    if (!await api.TrySendAsync(rolloutName, patch, cancellationToken).ConfigureAwait(false))
                    {
                        throw new PluginException(ApiErrors.NotFound(rolloutName));
                    }
                }
                else
                {
                    await api.PatchWorkloadTemplateAsync(workload, patch.Body, cancellationToken).ConfigureAwait(false);
                }
            }

            await context.Output.WriteLineAsync(plan.Output).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
