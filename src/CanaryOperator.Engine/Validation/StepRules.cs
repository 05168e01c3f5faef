using System.Text.Json;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Validation;

/// <summary>The per-step part of <c>ValidateRolloutStrategyCanary</c>.</summary>
internal static class StepRules
{
    public static void Validate(CanaryStrategy canary, CanaryStep step, string path, List<FieldError> errors)
    {
        var routing = canary.TrafficRouting;
        bool experiment = Present(step.Experiment), analysis = Present(step.Analysis), plugin = Present(step.Plugin);

        // hasMultipleStepsType only looks at these four.
        if (new[] { step.SetWeight is not null, step.Pause is not null, experiment, analysis }.Count(b => b) > 1)
        {
            errors.Add(FieldError.Invalid(
                path,
                $"step.Experiment: {GoRender.Bool(experiment)} step.Pause: {GoRender.Bool(step.Pause is not null)} step.SetWeight: {GoRender.Bool(step.SetWeight is not null)} step.Analysis: {GoRender.Bool(analysis)}",
                ValidationMessages.InvalidStep));
        }

        if (!experiment && step.Pause is null && step.SetWeight is null && !analysis && step.SetCanaryScale is null
            && step.SetHeaderRoute is null && step.SetMirrorRoute is null && !plugin)
        {
            errors.Add(FieldError.Invalid(
                path,
                "step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoutes: true",
                ValidationMessages.InvalidStep));
        }

        var maxWeight = routing?.MaxTrafficWeight ?? 100;
        if (step.SetWeight is { } weight && (weight < 0 || weight > maxWeight))
        {
            errors.Add(FieldError.Invalid($"{path}.setWeight", weight, ValidationMessages.InvalidSetWeight(maxWeight)));
        }

        if (step.Pause is { } pause && RolloutValidator.PauseSeconds(pause) < 0)
        {
            errors.Add(FieldError.Invalid($"{path}.pause.duration", RolloutValidator.PauseSeconds(pause), ValidationMessages.InvalidDuration));
        }

        if (step.SetCanaryScale is not null && routing is null)
        {
            errors.Add(FieldError.Required("spec.strategy.trafficRouting", ValidationMessages.SetCanaryScaleWithoutTrafficRouting));
        }

        if (step.SetHeaderRoute is { } header)
        {
            if (routing is null || (routing.Istio is null && !CanaryRules.Has(routing, "alb") && !CanaryRules.Has(routing, "apisix") && !CanaryRules.Has(routing, "plugins")))
            {
                errors.Add(FieldError.InvalidRendered($"{path}.setHeaderRoute", "&SetHeaderRoute{...}", ValidationMessages.SetHeaderRouteTrafficPolicy));
            }
            else
            {
                var matches = header.Match ?? [];
                for (var j = 0; j < matches.Count; j++)
                {
                    var matchPath = $"{path}.setHeaderRoute.match{RolloutValidator.Index(j)}";
                    var value = matches[j].HeaderValue;
                    if (CanaryRules.Has(routing, "alb"))
                    {
                        if (value is null)
                        {
                            errors.Add(FieldError.InvalidRendered(matchPath, "nil", ValidationMessages.StringMatchMissingValue));
                        }
                        else if (string.IsNullOrEmpty(value.Exact) || !string.IsNullOrEmpty(value.Regex) || !string.IsNullOrEmpty(value.Prefix))
                        {
                            errors.Add(FieldError.InvalidRendered(matchPath, "&StringMatch{...}", ValidationMessages.HeaderRouteAlbExactOnly));
                        }
                    }
                    else
                    {
                        StringMatchRule(value?.Exact, value?.Regex, value?.Prefix, value is null, matchPath, errors);
                    }
                }
            }
        }

        if (step.SetMirrorRoute is { } mirror)
        {
            if (routing?.Istio is null)
            {
                errors.Add(FieldError.InvalidRendered($"{path}.setMirrorRoute", "&SetMirrorRoute{...}", ValidationMessages.SetMirrorRouteTrafficPolicy));
            }

            var matches = mirror.Match ?? [];
            for (var j = 0; j < matches.Count; j++)
            {
                var matchPath = $"{path}.setMirrorRoute.match{RolloutValidator.Index(j)}";
                foreach (var part in new[] { "method", "path" })
                {
                    if (matches[j].ValueKind == JsonValueKind.Object && matches[j].TryGetProperty(part, out var m) && m.ValueKind == JsonValueKind.Object)
                    {
                        StringMatchRule(Str(m, "exact"), Str(m, "regex"), Str(m, "prefix"), false, matchPath, errors);
                    }
                }
            }
        }

        if (routing is not null && (step.SetHeaderRoute is not null || step.SetMirrorRoute is not null))
        {
            if (routing.ManagedRoutes is null)
            {
                errors.Add(FieldError.Required("spec.strategy.trafficRouting.managedRoutes", ValidationMessages.MissingField("spec.strategy.canary.trafficRouting.managedRoutes")));
            }
            else
            {
                var managed = routing.ManagedRoutes.Select(m => m.Name ?? "").ToList();
                if (step.SetHeaderRoute is { } h && !managed.Contains(h.Name ?? ""))
                {
                    errors.Add(FieldError.Invalid($"{path}.setHeaderRoute", h.Name ?? "", ValidationMessages.StepRouteNotInManagedRoutes));
                }

                if (step.SetMirrorRoute is { } mr && !managed.Contains(mr.Name ?? ""))
                {
                    errors.Add(FieldError.Invalid($"{path}.setMirrorRoute", mr.Name ?? "", ValidationMessages.StepRouteNotInManagedRoutes));
                }
            }
        }

        if (step.Experiment is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("templates", out var templates) && templates.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var template in templates.EnumerateArray())
            {
                if (routing is null && template.ValueKind == JsonValueKind.Object && template.TryGetProperty("weight", out var w) && w.TryGetInt32(out var weightValue))
                {
                    errors.Add(FieldError.Invalid($"{path}.experiment.templates{RolloutValidator.Index(index)}.weight", weightValue, ValidationMessages.ExperimentWeightWithoutTrafficRouting));
                }

                index++;
            }
        }
    }

    // hasMultipleMatchValues
    private static void StringMatchRule(string? exact, string? regex, string? prefix, bool missing, string path, List<FieldError> errors)
    {
        if (missing)
        {
            errors.Add(FieldError.InvalidRendered(path, "nil", ValidationMessages.StringMatchMissingValue));
            return;
        }

        var set = new[] { exact, regex, prefix }.Count(s => !string.IsNullOrEmpty(s));
        if (set > 1)
        {
            errors.Add(FieldError.InvalidRendered(path, "&StringMatch{...}", ValidationMessages.StringMatchMultipleValues));
        }
        else if (set == 0)
        {
            errors.Add(FieldError.InvalidRendered(path, "&StringMatch{...}", ValidationMessages.StringMatchMissingValue));
        }
    }

    private static bool Present(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
