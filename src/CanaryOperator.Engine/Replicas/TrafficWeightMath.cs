using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Replicas;

/// <summary>Weight ↔ replica conversions used by traffic-routed canaries.</summary>
public static class TrafficWeightMath
{
    /// <summary>Argo's default total weight.</summary>
    public const int DefaultMaxWeight = 100;

    /// <summary><c>trafficRouting.maxTrafficWeight</c> or 100.</summary>
    public static int MaxWeight(Rollout rollout) =>
        rollout.Spec.Strategy.Canary?.TrafficRouting?.MaxTrafficWeight ?? DefaultMaxWeight;

    /// <summary>
    /// <c>utils/replicaset/canary.go:trafficWeightToReplicas</c>: ceil(weight·replicas/maxWeight) — sizing
    /// always rounds UP so any non-zero weight gets a pod. The product is taken in 64 bits (Go's int32 product
    /// would overflow for maxTrafficWeight 10^8; the vectors expect the mathematically right answer).
    /// </summary>
    public static int TrafficWeightToReplicas(int replicas, int weight, int maxWeight = DefaultMaxWeight) =>
        maxWeight == 0 ? 0 : (int)Math.Ceiling((double)((long)weight * replicas) / maxWeight);
}
