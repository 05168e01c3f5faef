using System.Text.Json;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Validation;

/// <summary><c>validation.go:ValidateRolloutStrategyCanary</c>, in its order, under <c>spec.strategy</c>.</summary>
internal static partial class CanaryRules
{
    private const string Path = "spec.strategy";

    public static void Validate(Rollout rollout, CanaryStrategy canary, List<FieldError> errors)
    {
        MaxSurgeRule(canary, errors);

        var canaryService = canary.CanaryService ?? "";
        var stableService = canary.StableService ?? "";
        if (canaryService.Length > 0 && canaryService == stableService)
        {
            errors.Add(FieldError.Invalid($"{Path}.stableService", stableService, ValidationMessages.DuplicatedCanaryServices));
        }

        var routing = canary.TrafficRouting;
        if (canary.PingPong is { } pingPong)
        {
            if (routing is not null && !Has(routing, "alb") && routing.Istio is null)
            {
                errors.Add(FieldError.InvalidRendered($"{Path}.trafficRouting.alb", "null", ValidationMessages.PingPongRoutersOnly));
            }

            if (string.IsNullOrEmpty(pingPong.PingService))
            {
                errors.Add(FieldError.Invalid($"{Path}.pingPong.pingService", "", ValidationMessages.PingPongServicesRequired));
            }

            if (string.IsNullOrEmpty(pingPong.PongService))
            {
                errors.Add(FieldError.Invalid($"{Path}.pingPong.pongService", "", ValidationMessages.PingPongServicesRequired));
            }

            if ((pingPong.PingService ?? "") == (pingPong.PongService ?? ""))
            {
                errors.Add(FieldError.Invalid($"{Path}.pingPong.pingService", pingPong.PingService ?? "", ValidationMessages.DuplicatedPingPongServices));
            }
        }

        if (RequiresCanaryStableServices(canary))
        {
            if (stableService.Length == 0)
            {
                errors.Add(FieldError.Invalid($"{Path}.stableService", stableService, ValidationMessages.CanaryStableServicesRequired));
            }

            if (canaryService.Length == 0)
            {
                errors.Add(FieldError.Invalid($"{Path}.canaryService", canaryService, ValidationMessages.CanaryStableServicesRequired));
            }
        }

        var dynamicStableScale = canary.DynamicStableScale == true;
        if (routing is null)
        {
            if (canary.ScaleDownDelaySeconds is { } delay)
            {
                errors.Add(FieldError.Invalid($"{Path}.scaleDownDelaySeconds", delay, ValidationMessages.ScaleDownDelayWithoutTrafficRouting));
            }

            if (dynamicStableScale)
            {
                errors.Add(FieldError.Invalid($"{Path}.dynamicStableScale", true, ValidationMessages.DynamicStableScaleWithoutTrafficRouting));
            }
        }
        else
        {
            if (canary.ScaleDownDelaySeconds is not null && dynamicStableScale)
            {
                errors.Add(FieldError.Invalid($"{Path}.dynamicStableScale", true, ValidationMessages.DynamicStableScaleWithScaleDownDelay));
            }

            if (routing.MaxTrafficWeight is { } maxWeight && !Has(routing, "nginx") && !Has(routing, "plugins"))
            {
                errors.Add(FieldError.Invalid($"{Path}.trafficRouting.maxTrafficWeight", maxWeight, ValidationMessages.MaxTrafficWeightNginxAndPluginsOnly));
            }
        }

        var steps = canary.Steps ?? [];
        for (var i = 0; i < steps.Count; i++)
        {
            StepRules.Validate(canary, steps[i], $"{Path}.steps{RolloutValidator.Index(i)}", errors);
        }

        AntiAffinity(canary.AntiAffinity, errors);
    }

    /// <summary>Set by <c>MaxSurgeRule.cs</c> (the maxSurge/maxUnavailable rule delegates to Fenceposts).</summary>
    static partial void MaxSurgeRule(CanaryStrategy canary, List<FieldError> errors);

    /// <summary>
    /// <c>requireCanaryStableServices</c>: every router needs both Services except Istio with a destinationRule
    /// (subset routing), ALB/Istio with ping-pong, and plugins.
    /// </summary>
    public static bool RequiresCanaryStableServices(CanaryStrategy canary)
    {
        var routing = canary.TrafficRouting;
        if (routing is null)
        {
            return false;
        }

        return (Has(routing, "alb") && canary.PingPong is null)
            || (routing.Istio is not null && routing.Istio.DestinationRule is null && canary.PingPong is null)
            || Has(routing, "smi") || Has(routing, "apisix") || Has(routing, "ambassador")
            || Has(routing, "nginx") || Has(routing, "appMesh") || Has(routing, "traefik");
    }

    /// <summary>Routers other than Istio are not modelled; they survive in <c>TrafficRouting.Extra</c>.</summary>
    public static bool Has(TrafficRouting routing, string router) =>
        routing.Extra is not null
        && routing.Extra.TryGetValue(router, out var value)
        && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined
        && !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);

    private static void AntiAffinity(JsonElement? antiAffinity, List<FieldError> errors)
    {
        if (antiAffinity is not { ValueKind: JsonValueKind.Object } a)
        {
            return;
        }

        var preferred = a.TryGetProperty("preferredDuringSchedulingIgnoredDuringExecution", out var p) && p.ValueKind == JsonValueKind.Object;
        var required = a.TryGetProperty("requiredDuringSchedulingIgnoredDuringExecution", out var r) && r.ValueKind == JsonValueKind.Object;
        if (preferred == required)
        {
            errors.Add(FieldError.Invalid(
                $"{Path}.antiAffinity",
                $"antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: {GoRender.Bool(preferred)} antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: {GoRender.Bool(required)}",
                ValidationMessages.AntiAffinityOneStrategy));
        }

        if (preferred)
        {
            var weight = p.TryGetProperty("weight", out var w) && w.TryGetInt32(out var wi) ? wi : 0;
            if (weight is < 1 or > 100)
            {
                errors.Add(FieldError.Invalid($"{Path}.antiAffinity.weight", weight, ValidationMessages.AntiAffinityWeight));
            }
        }
    }
}
