using System.Globalization;
using System.Text.Json;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Pauses;
using k8s.Models;

namespace CanaryOperator.Engine.Validation;

/// <summary>
/// Spec validation of a canary Rollout (<c>validation.go:ValidateRollout</c> → <c>ValidateRolloutSpec</c> →
/// <c>ValidateRolloutStrategyCanary</c>; semantics §8.6, §10.17), in Argo's order, with Go <c>field.Error</c>
/// text. Canary errors live under <c>spec.strategy.&lt;field&gt;</c> (Argo passes the strategy path, not
/// <c>.canary</c>). Only the first error is surfaced (<see cref="InvalidSpecMessage"/>).
/// Not reproduced: Kubernetes' own pod-template validation (containers, probes, ...) beyond the
/// selector-matches-labels rule, and analysis-argument field paths.
/// </summary>
public static class RolloutValidator
{
    private const string Spec = "spec";
    private const string Strategy = "spec.strategy";

    /// <param name="resolvedTemplate">With <c>workloadRef</c>: the referenced workload's template, when resolved.</param>
    public static IReadOnlyList<FieldError> Validate(Rollout rollout, V1PodTemplateSpec? resolvedTemplate = null)
    {
        var errors = new List<FieldError>();
        var spec = rollout.Spec;
        var replicas = spec.Replicas ?? 1;
        if (replicas < 0)
        {
            errors.Add(FieldError.Invalid($"{Spec}.replicas", replicas, ValidationMessages.NonNegative));
        }

        if (spec.WorkloadRef is null)
        {
            if (spec.Selector is null)
            {
                errors.Add(FieldError.Required($"{Spec}.selector", ValidationMessages.MissingField(".spec.selector")));
            }
            else if ((spec.Selector.MatchLabels?.Count ?? 0) + (spec.Selector.MatchExpressions?.Count ?? 0) == 0)
            {
                errors.Add(FieldError.InvalidRendered($"{Spec}.selector", GoRender.LabelSelector(spec.Selector), ValidationMessages.EmptySelector));
            }
        }
        else if (!IsEmptyTemplate(spec.Template))
        {
            errors.Add(FieldError.Internal($"{Spec}.template", ValidationMessages.TemplateMustBeEmpty));
        }

        // ValidatePodTemplateSpecForReplicaSet: only its selector/labels rule is mirrored here.
        var template = spec.WorkloadRef is null ? spec.Template : resolvedTemplate;
        if (template is not null && spec.Selector is not null && !LabelSelectors.Matches(spec.Selector, template.Metadata?.Labels))
        {
            errors.Add(FieldError.InvalidRendered($"{Spec}.template.metadata.labels", GoRender.StringMap(template.Metadata?.Labels), ValidationMessages.SelectorDoesNotMatchTemplate));
        }

        var minReady = spec.MinReadySeconds ?? 0;
        if (minReady < 0)
        {
            errors.Add(FieldError.Invalid($"{Spec}.minReadySeconds", minReady, ValidationMessages.NonNegative));
        }

        var historyLimit = spec.RevisionHistoryLimit ?? 10;
        if (historyLimit < 0)
        {
            errors.Add(FieldError.Invalid($"{Spec}.revisionHistoryLimit", historyLimit, ValidationMessages.NonNegative));
        }

        var progressDeadline = spec.ProgressDeadlineSeconds ?? 600;
        if (progressDeadline < 0)
        {
            errors.Add(FieldError.Invalid($"{Spec}.progressDeadlineSeconds", progressDeadline, ValidationMessages.NonNegative));
        }

        if (progressDeadline <= minReady)
        {
            errors.Add(FieldError.Invalid($"{Spec}.progressDeadlineSeconds", progressDeadline, ValidationMessages.ProgressDeadlineAfterMinReady));
        }

        var blueGreen = spec.Strategy.BlueGreen is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
        var canary = spec.Strategy.Canary;
        if (!blueGreen && canary is null)
        {
            // Argo appends "strategy" to a path that already ends in strategy.
            errors.Add(FieldError.Required($"{Strategy}.strategy", ValidationMessages.MissingField(".spec.strategy.canary or .spec.strategy.blueGreen")));
        }
        else if (blueGreen && canary is not null)
        {
            errors.Add(FieldError.Invalid($"{Strategy}.strategy", "blueGreen: true canary: true", ValidationMessages.MultipleStrategies));
        }
        else if (canary is not null)
        {
            CanaryRules.Validate(rollout, canary, errors);
        }

        return errors;
    }

    /// <summary>The InvalidSpec condition message for the first error, or null when the spec is valid.</summary>
    public static string? InvalidSpecMessage(Rollout rollout, V1PodTemplateSpec? resolvedTemplate = null)
    {
        var errors = Validate(rollout, resolvedTemplate);
        return errors.Count == 0 ? null : FieldError.InvalidSpecMessage(rollout.Metadata?.Name ?? "", errors[0]);
    }

    // RolloutSpec.EmptyTemplate: only labels and annotations are looked at.
    private static bool IsEmptyTemplate(V1PodTemplateSpec? template) =>
        template is null || ((template.Metadata?.Labels?.Count ?? 0) == 0 && (template.Metadata?.Annotations?.Count ?? 0) == 0);

    internal static long PauseSeconds(RolloutPause pause) => PauseDuration.Seconds(pause.Duration);

    internal static string Index(int i) => "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
}
