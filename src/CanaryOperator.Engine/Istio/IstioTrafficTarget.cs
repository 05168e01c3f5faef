using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// The names a rollout's Istio routing works with, resolved once: which Service (or DestinationRule subset) is
/// canary and which is stable. With ping-pong the two services swap roles on every promotion
/// (<c>GetStableAndCanaryServices(ro, isPingpongPreferred=true)</c>: ping is stable while
/// <c>status.canary.stablePingPong</c> is empty or <c>ping</c>).
/// </summary>
public sealed record IstioTrafficTarget
{
    public string CanaryService { get; init; } = "";

    public string StableService { get; init; } = "";

    public IstioDestinationRuleRef? DestinationRule { get; init; }

    /// <summary><c>trafficRouting.managedRoutes</c> names in order; null when the field is absent.</summary>
    public IReadOnlyList<string>? ManagedRoutes { get; init; }

    public string CanarySubset => DestinationRule?.CanarySubsetName ?? "";

    public string StableSubset => DestinationRule?.StableSubsetName ?? "";

    public IReadOnlyList<string> AdditionalSubsetNames => DestinationRule?.AdditionalSubsetNames ?? [];

    public static IstioTrafficTarget From(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary ?? new CanaryStrategy();
        var routing = canary.TrafficRouting;
        var (stable, canaryService) = (canary.StableService ?? "", canary.CanaryService ?? "");
        if (canary.PingPong is { } pingPong)
        {
            var stableIsPing = rollout.Status?.Canary?.StablePingPong is null or "" or "ping";
            (stable, canaryService) = stableIsPing
                ? (pingPong.PingService ?? "", pingPong.PongService ?? "")
                : (pingPong.PongService ?? "", pingPong.PingService ?? "");
        }

        return new IstioTrafficTarget
        {
            CanaryService = canaryService,
            StableService = stable,
            DestinationRule = routing?.Istio?.DestinationRule,
            ManagedRoutes = routing?.ManagedRoutes?.Select(m => m.Name ?? "").ToList(),
        };
    }
}
