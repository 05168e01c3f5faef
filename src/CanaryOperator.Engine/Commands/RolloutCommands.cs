using System.Globalization;
using System.Text.Json;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Commands;

/// <summary>
/// The exact patches of the <c>kubectl argo rollouts</c> plugin commands (semantics §2.4–2.7, 2.10, 2.11;
/// vectors <c>kubectl_plugin_patches.json</c>). Pure: the caller GETs the Rollout, passes "now", and sends.
/// Bodies are byte-for-byte Argo's format strings (note the space in <c>null, "currentStepIndex"</c>).
/// </summary>
public static class RolloutCommands
{
    public const string UnpausePatch = """{"spec":{"paused":false}}""";
    public const string PausePatch = """{"spec":{"paused":true}}""";
    public const string ClearPauseConditionsPatch = """{"status":{"pauseConditions":null}}""";
    public const string UnpauseAndClearPauseConditionsPatch = """{"spec":{"paused":false},"status":{"pauseConditions":null}}""";
    public const string PromoteFullPatch = """{"status":{"promoteFull":true}}""";
    public const string UnpauseAndPromoteFullPatch = """{"spec":{"paused":false},"status":{"promoteFull":true}}""";
    public const string AbortPatch = """{"status":{"abort":true}}""";
    public const string RetryPatch = """{"status":{"abort":false}}""";

    public const string BothSkipFlagsError = "Cannot use skip-current-step and skip-all-steps flags at the same time";
    public const string SkipOnBlueGreenError = "Cannot skip steps of a bluegreen rollout. Run without a flags";
    public const string SkipWithoutStepsError = "Cannot skip steps of a rollout without steps";

    /// <summary>The GET error the plugin prints for an unknown rollout.</summary>
    public static string NotFoundError(string name) => $"rollouts.argoproj.io \"{name}\" not found";

    /// <summary><c>promote</c> (<c>cmd/promote/promote.go:getPatches</c>).</summary>
    public static RolloutCommandPlan Promote(Rollout rollout, PromoteOptions? options = null)
    {
        options ??= new PromoteOptions();
        var name = rollout.Metadata?.Name ?? "";
        if (options.SkipCurrentStep && options.SkipAllSteps)
        {
            return RolloutCommandPlan.Fail(BothSkipFlagsError);
        }

        var canary = rollout.Spec.Strategy.Canary;
        var steps = canary?.Steps;
        var status = rollout.Status;
        var paused = rollout.Spec.Paused == true;
        var pauseConditions = status?.PauseConditions?.Count ?? 0;

        if (options.SkipCurrentStep || options.SkipAllSteps)
        {
            if (IsBlueGreen(rollout))
            {
                return RolloutCommandPlan.Fail(SkipOnBlueGreenError);
            }

            if (steps is null || steps.Count == 0)
            {
                return RolloutCommandPlan.Fail(SkipWithoutStepsError);
            }

            var index = options.SkipAllSteps ? steps.Count : NextStepIndex(rollout, steps.Count);
            var patch = RolloutPatchRequest.Status(Invariant($$$"""{"status":{"currentStepIndex":{{{index}}}}}"""));
            return new RolloutCommandPlan
            {
                StatusPatch = patch,
                UnifiedFallback = patch with { Target = PatchTarget.MainResource },
                Output = $"rollout '{name}' promoted",
            };
        }

        if (options.Full)
        {
            return new RolloutCommandPlan
            {
                StatusPatch = status?.CurrentPodHash != status?.StableRS ? RolloutPatchRequest.Status(PromoteFullPatch) : null,
                SpecPatch = paused ? RolloutPatchRequest.Main(UnpausePatch) : null,
                UnifiedFallback = RolloutPatchRequest.Main(UnpauseAndPromoteFullPatch),
                Output = $"rollout '{name}' fully promoted",
            };
        }

        RolloutPatchRequest? statusPatch = null;
        var unified = RolloutPatchRequest.Main(UnpauseAndClearPauseConditionsPatch);
        if (canary is not null && IsInconclusive(rollout) && pauseConditions > 0 && status?.ControllerPause == true)
        {
            if (steps is { Count: > 0 })
            {
                var index = NextStepIndex(rollout, steps.Count);
                statusPatch = RolloutPatchRequest.Status(Invariant(
                    $$$"""{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":{{{index}}}}}"""));
            }
        }
        else if (pauseConditions > 0)
        {
            statusPatch = RolloutPatchRequest.Status(ClearPauseConditionsPatch);
        }
        else if (canary is not null && steps is { Count: > 0 })
        {
            // Not paused at a step (waiting for pods or analysis): promote skips the current step, never both
            // clearing pauses and stepping (Argo's comment in getPatches).
            var index = NextStepIndex(rollout, steps.Count);
            statusPatch = RolloutPatchRequest.Status(Invariant($$$"""{"status":{"pauseConditions":null, "currentStepIndex":{{{index}}}}}"""));
            unified = RolloutPatchRequest.Main(Invariant(
                $$$"""{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":{{{index}}}}}"""));
        }

        return new RolloutCommandPlan
        {
            StatusPatch = statusPatch,
            SpecPatch = paused ? RolloutPatchRequest.Main(UnpausePatch) : null,
            UnifiedFallback = unified,
            Output = $"rollout '{name}' promoted",
        };
    }

    /// <summary><c>abort</c>: status patch, the same body to the main resource on NotFound.</summary>
    public static RolloutCommandPlan Abort(Rollout rollout) => StatusOnly(AbortPatch, $"rollout '{rollout.Metadata?.Name}' aborted");

    /// <summary><c>retry rollout</c>: status patch, the same body to the main resource on NotFound.</summary>
    public static RolloutCommandPlan Retry(Rollout rollout) => StatusOnly(RetryPatch, $"rollout '{rollout.Metadata?.Name}' retried");

    /// <summary><c>pause</c>: <c>spec.paused=true</c> on the main resource.</summary>
    public static RolloutCommandPlan Pause(Rollout rollout) =>
        new() { SpecPatch = RolloutPatchRequest.Main(PausePatch), Output = $"rollout '{rollout.Metadata?.Name}' paused" };

    /// <summary>Resume = clear <c>spec.paused</c> (what promote sends for a manually paused rollout).</summary>
    public static RolloutCommandPlan Resume(Rollout rollout) =>
        new() { SpecPatch = RolloutPatchRequest.Main(UnpausePatch), Output = $"rollout '{rollout.Metadata?.Name}' resumed" };

    /// <summary>
    /// <c>restart [--in D]</c>: <c>{"spec":{"restartAt":"&lt;now+D, RFC3339 UTC&gt;"}}</c> on the main resource, never the
    /// status subresource (<c>cmd/restart/restart.go</c>; Argo pretty-prints it, the content is the same).
    /// </summary>
    public static RolloutCommandPlan Restart(Rollout rollout, DateTimeOffset now, TimeSpan? delay = null)
    {
        var at = Rfc3339Time.ToText(now.ToUniversalTime() + (delay ?? TimeSpan.Zero));
        var body = JsonSerializer.Serialize(new { spec = new { restartAt = at } });
        return new RolloutCommandPlan { SpecPatch = RolloutPatchRequest.Main(body), Output = $"rollout '{rollout.Metadata?.Name}' restarts in {(delay ?? TimeSpan.Zero).TotalSeconds.ToString(CultureInfo.InvariantCulture)}s" };
    }

    /// <summary>The current step index as the plugin sees it (unset = 0), stepped once but never past the end.</summary>
    private static int NextStepIndex(Rollout rollout, int stepCount)
    {
        var index = rollout.Status?.CurrentStepIndex ?? 0;
        return index < stepCount ? index + 1 : index;
    }

    private static bool IsBlueGreen(Rollout rollout) =>
        rollout.Spec.Strategy.BlueGreen is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

    // status.canary.currentStepAnalysisRunStatus.status == "Inconclusive" (kept in CanaryStatus.Extra).
    private static bool IsInconclusive(Rollout rollout)
    {
        var extra = rollout.Status?.Canary?.Extra;
        if (extra is null || !extra.TryGetValue("currentStepAnalysisRunStatus", out var run) || run.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return run.TryGetProperty("status", out var phase) && phase.ValueKind == JsonValueKind.String && phase.GetString() == "Inconclusive";
    }

    private static RolloutCommandPlan StatusOnly(string body, string output) =>
        new()
        {
            StatusPatch = RolloutPatchRequest.Status(body),
            UnifiedFallback = RolloutPatchRequest.Main(body),
            Output = output,
        };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
