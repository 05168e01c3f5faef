using System.CommandLine;
using CanaryOperator.Simulation;

namespace CanaryOperator.Cli;

/// <summary>
/// <c>canary-operator simulate PATH...</c>: the main job with no cluster — play a rollout through the real operator
/// against the in-process API emulator on a virtual clock and print what it does.
/// </summary>
public static class SimulateCommand
{
    public static readonly Argument<string[]> Paths = new("paths") { Description = "Manifest files or folders (YAML, several documents allowed)", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<string[]> SetImage = new("--set-image") { Description = "container=image for the update (repeatable); default: the first container gets a new tag" };
    public static readonly Option<string?> PromoteAfter = new("--promote-after") { Description = "Promote indefinite pauses after this long (e.g. 30s, 2m); default: at once" };
    public static readonly Option<int?> AbortAtStep = new("--abort-at-step") { Description = "Abort when the rollout reaches this step index" };
    public static readonly Option<int?> HpaReplicas = new("--hpa-replicas") { Description = "An HPA decision: set spec.replicas through /scale when the update starts" };
    public static readonly Option<string?> HpaProfileOption = new("--hpa-profile") { Description = "HPA decisions over virtual time, e.g. 0s=2,20s=6,60s=3 (replicas written through /scale)" };
    public static readonly Option<bool> FailCanary = new("--fail-canary") { Description = "Canary pods never become ready" };
    public static readonly Option<string> Output = new("--output", "-o") { Description = "table, json or yaml", DefaultValueFactory = _ => "table" };

    public static Command Create()
    {
        var command = new Command("simulate", "Play a rollout through the real operator against the in-process API emulator (no cluster needed)");
        command.Add(Paths);
        foreach (var option in new Option[] { SetImage, PromoteAfter, AbortAtStep, HpaReplicas, HpaProfileOption, FailCanary, Output })
        {
            command.Add(option);
        }

        Output.AcceptOnlyFromAmong("table", "json", "yaml");
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var options = ToOptions(result);
                var report = await Simulator.RunAsync(options, ct).ConfigureAwait(false);
                await Console.Out.WriteAsync(ReportWriter.Render(report, result.GetValue(Output) ?? "table")).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is ManifestException or SimulationException or FormatException)
            {
                await Console.Error.WriteLineAsync($"canary-operator simulate: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    public static SimulationOptions ToOptions(ParseResult result)
    {
        var images = (result.GetValue(SetImage) ?? []).Select(s =>
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            return eq <= 0 || eq == s.Length - 1
                ? throw new FormatException($"--set-image '{s}': expected container=image")
                : (s[..eq], s[(eq + 1)..]);
        }).ToList();
        return new SimulationOptions
        {
            Paths = result.GetValue(Paths) ?? [],
            SetImages = images,
            PromoteAfter = result.GetValue(PromoteAfter) is { } text ? GoDuration.Parse(text, "--promote-after") : null,
            AbortAtStep = result.GetValue(AbortAtStep),
            HpaReplicas = result.GetValue(HpaReplicas),
            HpaProfile = result.GetValue(HpaProfileOption) is { } profile ? HpaProfile.Parse(profile) : [],
            FailCanary = result.GetValue(FailCanary),
        };
    }
}
