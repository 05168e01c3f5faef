using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Validation;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Referenced-resource validation of the Istio objects a rollout names (<c>validation_references.go</c>:
/// <c>ValidateRolloutVirtualServicesConfig</c>, <c>ValidateVirtualService</c>; §5.2, §8.6). Every problem is a
/// field error naming the rollout field that points at it, so the InvalidSpec condition says what to fix.
/// OUR IMPROVEMENT: a canary/stable subset named by the rollout but missing from the DestinationRule is an error
/// (Argo silently labels nothing and the VirtualService then routes to an empty subset).
/// </summary>
public static class IstioReferenceValidation
{
    private const string IstioPath = "spec.strategy.canary.trafficRouting.istio";

    public const string EitherVirtualServiceOrVirtualServices = "either VirtualService or VirtualServices must be configured";

    public static string VirtualServiceNotFound(string name) => $"virtualservices.networking.istio.io \"{name}\" not found";

    /// <param name="findVirtualService">(namespace, name) → the live VirtualService or null.</param>
    /// <param name="destinationRule">The DestinationRule named by the rollout (same namespace), or null if absent.</param>
    public static IReadOnlyList<FieldError> Validate(Rollout rollout, Func<string, string, VirtualService?> findVirtualService, DestinationRule? destinationRule)
    {
        var errors = new List<FieldError>();
        var istio = rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio;
        if (istio is null)
        {
            return errors;
        }

        if ((istio.VirtualService is null) == (istio.VirtualServices is null))
        {
            errors.Add(FieldError.InvalidRendered(IstioPath, "null", EitherVirtualServiceOrVirtualServices));
            return errors;
        }

        var target = IstioTrafficTarget.From(rollout);
        var rolloutNamespace = rollout.Metadata?.NamespaceProperty ?? "";
        var references = VirtualServiceName.References(istio);
        for (var i = 0; i < references.Count; i++)
        {
            var path = istio.VirtualServices is null ? $"{IstioPath}.virtualService.name" : $"{IstioPath}.virtualServices[{i}].name";
            var reference = references[i];
            if (string.IsNullOrEmpty(reference.Name))
            {
                errors.Add(FieldError.Required(path, "Rollout has missing field 'name'"));
                continue;
            }

            var (ns, name) = VirtualServiceName.Parse(reference.Name, rolloutNamespace);
            var virtualService = findVirtualService(ns, name);
            if (virtualService is null)
            {
                errors.Add(FieldError.Invalid(path, reference.Name, VirtualServiceNotFound(name)));
                continue;
            }

            errors.AddRange(RouteValidation.Validate(virtualService, reference, target).Select(e => FieldError.Invalid(path, reference.Name, e)));
        }

        if (istio.DestinationRule is { } config)
        {
            var path = $"{IstioPath}.destinationRule";
            if (destinationRule is null)
            {
                errors.Add(FieldError.Invalid($"{path}.name", config.Name ?? "", DestinationRuleHashes.NotFoundMessage(config.Name ?? "")));
                return errors;
            }

            var subsets = (destinationRule.Spec.Subsets ?? []).Select(s => s.Name ?? "").ToHashSet(StringComparer.Ordinal);
            foreach (var (field, subset) in new[] { ("canarySubsetName", config.CanarySubsetName), ("stableSubsetName", config.StableSubsetName) })
            {
                if (string.IsNullOrEmpty(subset))
                {
                    errors.Add(FieldError.Required($"{path}.{field}", $"Rollout has missing field '{field}'"));
                }
                else if (!subsets.Contains(subset))
                {
                    errors.Add(FieldError.Invalid($"{path}.{field}", subset, $"subset '{subset}' not found in DestinationRule '{config.Name}'"));
                }
            }
        }

        return errors;
    }
}
