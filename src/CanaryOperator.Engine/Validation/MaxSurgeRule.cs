using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;

namespace CanaryOperator.Engine.Validation;

/// <summary>
/// <c>validation.go:invalidMaxSurgeMaxUnavailable</c>, the first canary rule: the surge math itself is
/// <see cref="Fenceposts"/>'s (one implementation in the engine); here it only becomes a field error on
/// <c>spec.strategy.maxSurge</c> carrying the Go-printed maxSurge value.
/// </summary>
internal static partial class CanaryRules
{
    static partial void MaxSurgeRule(CanaryStrategy canary, List<FieldError> errors)
    {
        if (Fenceposts.Validate(canary.MaxSurge, canary.MaxUnavailable) is { } detail)
        {
            errors.Add(FieldError.InvalidRendered($"{Path}.maxSurge", GoRender.IntOrString(canary.MaxSurge), detail));
        }
    }
}
