using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Validation;
using k8s.Models;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// Validation run at the start of every pass (§8.6): the spec rules, then the referenced resources
/// (<c>validation_references.go</c>): Services, VirtualServices (existence, routes, destinations) and the
/// DestinationRule (existence, subsets). Returns the FIRST error as a Kubernetes field error text, or null.
/// Spec rules are <see cref="RolloutValidator"/>'s; this class adds what needs the snapshot.
/// </summary>
internal static class ReferenceValidation
{
    public static string? FirstError(ClusterSnapshot snapshot, V1PodTemplateSpec? template, V1LabelSelector? selector)
    {
        var rollout = snapshot.Rollout;
        var specErrors = RolloutValidator.Validate(rollout, template);
        if (specErrors.Count > 0)
        {
            return specErrors[0].ToString();
        }

        if (template is null)
        {
            return "spec.template: Required value";
        }

        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            return "spec.selector: Invalid value: \"null\": empty selector is invalid for deployment";
        }

        var canary = rollout.Spec.Strategy.Canary;
        if (canary is null)
        {
            return "spec.strategy.canary: Required value: only the canary strategy is supported";
        }

        foreach (var (serviceField, service) in new[] { ("canaryService", canary.CanaryService), ("stableService", canary.StableService) })
        {
            if (!string.IsNullOrEmpty(service) && snapshot.FindService(service) is null)
            {
                return $"spec.strategy.{serviceField}: Invalid value: \"{service}\": services \"{service}\" not found";
            }
        }

        var istio = canary.TrafficRouting?.Istio;
        if (istio is null)
        {
            return null;
        }

        var references = VirtualServiceName.References(istio);
        if (references.Count == 0)
        {
            return "spec.strategy.trafficRouting.istio: Invalid value: \"null\": either VirtualService or VirtualServices must be configured";
        }

        var target = IstioTrafficTarget.From(rollout);
        var field = istio.VirtualServices is null ? "spec.strategy.trafficRouting.istio.virtualService" : "spec.strategy.trafficRouting.istio.virtualServices";
        foreach (var reference in references)
        {
            var (vsNamespace, vsName) = VirtualServiceName.Parse(reference.Name ?? "", snapshot.Namespace);
            var virtualService = snapshot.FindVirtualService(vsNamespace, vsName);
            if (virtualService is null)
            {
                return $"{field}.name: Invalid value: \"{reference.Name}\": virtualservices.networking.istio.io \"{vsName}\" not found";
            }

            var errors = RouteValidation.Validate(virtualService, reference, target);
            if (errors.Count > 0)
            {
                return $"{field}.routes: Invalid value: \"{vsName}\": {errors[0]}";
            }
        }

        if (istio.DestinationRule is { } ruleReference)
        {
            var rule = snapshot.DestinationRule;
            if (rule is null || rule.Metadata.Name != ruleReference.Name)
            {
                return $"spec.strategy.trafficRouting.istio.destinationRule.name: Invalid value: \"{ruleReference.Name}\": {DestinationRuleHashes.NotFoundMessage(ruleReference.Name ?? "")}";
            }

            foreach (var subset in new[] { ruleReference.CanarySubsetName, ruleReference.StableSubsetName })
            {
                if (!(rule.Spec.Subsets ?? []).Any(s => s.Name == subset))
                {
                    return $"spec.strategy.trafficRouting.istio.destinationRule: Invalid value: \"{subset}\": subset '{subset}' not found in DestinationRule '{ruleReference.Name}'";
                }
            }
        }

        return null;
    }
}
