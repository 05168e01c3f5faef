namespace CanaryOperator.Engine.Replicas;

/// <summary>
/// <c>utils/replicaset/canary.go:approximateWeightedCanaryStableReplicaCounts</c> (§3.3): the basic canary's
/// target (canary, stable) for a weight, choosing among rounded candidates the one whose real percentage is
/// closest to the wanted weight. Totals may be spec.replicas + 1 when surge is allowed; 1–99 % never gives
/// 0 canary pods once 2+ pods (surge included) are possible.
/// </summary>
public static class ApproximateWeightedCounts
{
    public static (int Canary, int Stable) Calculate(int specReplicas, int desiredWeight, int maxWeight, int maxSurge)
    {
        if (specReplicas == 0)
        {
            return (0, 0);
        }

        var weighted = (double)((long)specReplicas * desiredWeight) / maxWeight;
        var ceil = (int)Math.Ceiling(weighted);
        var floor = (int)Math.Floor(weighted);
        var tied = FloorCeilingTied(desiredWeight, maxWeight, specReplicas);

        // Zero canary (or zero stable) is only acceptable at the extremes, or with a single pod and no surge.
        var zeroAllowed = desiredWeight == maxWeight || desiredWeight == 0 || (specReplicas == 1 && maxSurge == 0);

        // Candidate order matters: ties in distance keep the earlier candidate (Go's strict '<').
        var options = new List<(int Canary, int Total)>(4);
        if (ceil < specReplicas || zeroAllowed)
        {
            options.Add((ceil, specReplicas));
        }

        if (!tied && (floor != 0 || zeroAllowed))
        {
            options.Add((floor, specReplicas));
        }

        if (maxSurge > 0)
        {
            options.Add((ceil, specReplicas + 1));
            var surgeTied = FloorCeilingTied(desiredWeight, maxWeight, specReplicas + 1);
            if (!surgeTied && (floor != 0 || zeroAllowed))
            {
                options.Add((floor, specReplicas + 1));
            }
        }

        if (options.Count == 0)
        {
            return (0, specReplicas); // unreachable in Go as well
        }

        var best = options[0];
        var bestDelta = WeightDelta(desiredWeight, maxWeight, best.Canary, best.Total);
        for (var i = 1; i < options.Count; i++)
        {
            var delta = WeightDelta(desiredWeight, maxWeight, options[i].Canary, options[i].Total);
            if (delta < bestDelta)
            {
                best = options[i];
                bestDelta = delta;
            }
        }

        return (best.Canary, best.Total - best.Canary);
    }

    /// <summary>Floor and ceiling equally far from the weight (fraction exactly .5): then only the ceiling is offered.</summary>
    private static bool FloorCeilingTied(int desiredWeight, int maxWeight, int totalReplicas)
    {
        var value = totalReplicas * ((double)desiredWeight / maxWeight);
        return value - Math.Truncate(value) == 0.5;
    }

    private static double WeightDelta(int desiredWeight, int maxWeight, int canary, int total) =>
        Math.Abs((double)((long)canary * maxWeight) / total - desiredWeight);
}
