using System.CommandLine;
using CanaryOperator.Engine.Commands;
using CanaryOperator.Engine.Pauses;
using CanaryOperator.KubectlPlugin.Kube;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// <c>restart ROLLOUT [--in DURATION]</c>: <c>spec.restartAt = now + DURATION</c> on the main resource (§2.11);
/// DURATION is a Go duration (<c>10s</c>, <c>1m30s</c>), as Argo parses it with <c>time.ParseDuration</c>.
/// </summary>
public static class RestartCommand
{
    public static Command Create(GlobalOptions globals, PluginContext context)
    {
        var name = RolloutArgument.Create();
        var delay = new Option<string?>("--in", "-i") { Description = "Restart after this delay (Go duration, e.g. 10s, 5m)" };
        var command = new Command("restart", "Restart the rollout's pods (spec.restartAt)") { name, delay };
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(delay);
            if (!TryParseDelay(text, out var span, out var problem))
            {
                return PlanExecution.Guard(context, () => throw new PluginException(problem!));
            }

            var now = context.Clock.GetUtcNow();
            return PlanExecution.RunAsync(context, globals.Read(result), result.GetValue(name)!, r => RolloutCommands.Restart(r, now, span), cancellationToken);
        });
        return command;
    }

    /// <summary>Go's time.ParseDuration, whole seconds kept (restartAt is RFC 3339 with seconds); negative refused.</summary>
    public static bool TryParseDelay(string? text, out TimeSpan delay, out string? problem)
    {
        delay = TimeSpan.Zero;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!GoDuration.TryParseNanoseconds(text, out var ns))
        {
            problem = $"invalid --in \"{text}\": time: invalid duration \"{text}\" (use a Go duration such as 10s, 5m or 1h30m)";
            return false;
        }

        if (ns < 0)
        {
            problem = $"invalid --in \"{text}\": the delay must not be negative";
            return false;
        }

        delay = TimeSpan.FromTicks(ns / 100);
        return true;
    }
}
