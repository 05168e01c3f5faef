using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;
using CsCheck;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>Invariants of the replica math over generated inputs (CsCheck).</summary>
public class ReplicaMathProperties
{
    [Fact]
    public void Traffic_routed_canary_is_the_ceiling_of_the_weight_and_stable_stays_full() =>
        Gen.Select(Gen.Int[0, 500], Gen.Int[0, 100]).Sample((replicas, weight) =>
        {
            var (canary, stable) = CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(TrafficRouted(replicas, weight), null);
            canary.Should().Be((int)Math.Ceiling(weight * replicas / 100.0));
            canary.Should().BeInRange(0, replicas);
            if (weight > 0 && replicas > 0)
            {
                canary.Should().BeGreaterThan(0);
            }

            stable.Should().Be(replicas);
        });

    [Fact]
    public void Dynamic_stable_scale_targets_are_never_negative_and_cover_the_traffic() =>
        Gen.Select(Gen.Int[0, 200], Gen.Int[0, 100], Gen.Int[0, 100], Gen.Bool).Sample((replicas, weight, recordedCanary, abort) =>
        {
            var rollout = TrafficRouted(replicas, weight, dynamicStableScale: true, abort: abort);
            var weights = new TrafficWeights
            {
                Canary = new WeightDestination { Weight = recordedCanary },
                Stable = new WeightDestination { Weight = 100 - recordedCanary },
            };
            var (canary, stable) = CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(rollout, weights);
            canary.Should().BeInRange(0, replicas);
            stable.Should().BeInRange(0, replicas);

            // The stable keeps the pods its recorded traffic needs; stable + canary always serves all traffic.
            stable.Should().BeGreaterThanOrEqualTo(CanaryReplicaMath.TrafficWeightToReplicas(replicas, 100 - recordedCanary));
            (canary + stable).Should().BeGreaterThanOrEqualTo(replicas);
        });

    [Fact]
    public void Basic_canary_targets_are_never_negative_and_never_exceed_replicas_plus_surge() =>
        Gen.Select(Gen.Int[0, 30], Gen.Int[0, 100], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Bool)
            .Select((replicas, weight, surge, unavailable, newSpec, stableSpec, abort) => (replicas, weight, surge, unavailable, newSpec, stableSpec, abort))
            .Sample(t =>
            {
                var rollout = Basic(t.replicas, t.weight, t.surge, t.unavailable, t.abort);
                var maxTotal = t.replicas + Fenceposts.MaxSurge(rollout);
                var newSpec = Math.Min(t.newSpec, maxTotal);
                var stableSpec = Math.Min(t.stableSpec, maxTotal - newSpec);
                var newRS = Rs("canary", newSpec, newSpec / 2);
                var stableRS = Rs("stable", stableSpec, stableSpec);

                var (canary, stable) = CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(rollout, newRS, stableRS, []);
                canary.Should().BeGreaterThanOrEqualTo(0);
                stable.Should().BeGreaterThanOrEqualTo(0);
                (canary + stable).Should().BeLessThanOrEqualTo(maxTotal, $"{t} started within the surge budget");
            });

    [Fact]
    public void Approximate_weighted_counts_never_starve_canary_or_stable_for_weights_1_to_99() =>
        Gen.Select(Gen.Int[2, 1000], Gen.Int[1, 99], Gen.Int[0, 10]).Sample((replicas, weight, surge) =>
        {
            var (canary, stable) = ApproximateWeightedCounts.Calculate(replicas, weight, 100, surge);
            canary.Should().BeGreaterThanOrEqualTo(1);
            stable.Should().BeGreaterThanOrEqualTo(1);
            (canary + stable).Should().BeOneOf(surge > 0 ? [replicas, replicas + 1] : [replicas]);
        });

    [Fact]
    public void Same_inputs_give_same_outputs() =>
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 100], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 60], Gen.Int[0, 60]).Sample((replicas, weight, surge, unavailable, newSpec, stableSpec) =>
        {
            var first = CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(
                Basic(replicas, weight, surge, unavailable, false), Rs("canary", newSpec, newSpec), Rs("stable", stableSpec, stableSpec), []);
            var second = CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(
                Basic(replicas, weight, surge, unavailable, false), Rs("canary", newSpec, newSpec), Rs("stable", stableSpec, stableSpec), []);
            second.Should().Be(first);
            ApproximateWeightedCounts.Calculate(replicas, weight, 100, surge).Should().Be(ApproximateWeightedCounts.Calculate(replicas, weight, 100, surge));
        });

    private static Rollout TrafficRouted(int replicas, int weight, bool dynamicStableScale = false, bool abort = false) => new()
    {
        Spec = new RolloutSpec
        {
            Replicas = replicas,
            Strategy = new RolloutStrategy
            {
                Canary = new CanaryStrategy
                {
                    TrafficRouting = new TrafficRouting(),
                    DynamicStableScale = dynamicStableScale,
                    Steps = [new CanaryStep { SetWeight = weight }],
                },
            },
        },
        Status = new RolloutStatus { StableRS = "stable", CurrentPodHash = "canary", CurrentStepIndex = 0, Abort = abort },
    };

    private static Rollout Basic(int replicas, int weight, int surge, int unavailable, bool abort) => new()
    {
        Spec = new RolloutSpec
        {
            Replicas = replicas,
            Strategy = new RolloutStrategy
            {
                Canary = new CanaryStrategy
                {
                    MaxSurge = IntOrString.FromInt(surge),
                    MaxUnavailable = IntOrString.FromInt(unavailable),
                    Steps = [new CanaryStep { SetWeight = weight }],
                },
            },
        },
        Status = new RolloutStatus { StableRS = "stable", CurrentPodHash = "canary", CurrentStepIndex = 0, Abort = abort },
    };

    private static ReplicaSetState Rs(string name, int spec, int available) =>
        new() { Name = name, PodTemplateHash = name, SpecReplicas = spec, StatusReplicas = spec, AvailableReplicas = available };
}
