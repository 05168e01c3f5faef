using System.Text.Json;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Replicas;

/// <summary>
/// maxSurge / maxUnavailable resolution (<c>utils/replicaset/replicaset.go:resolveFenceposts</c>,
/// <c>MaxSurge</c>, <c>MaxUnavailable</c>; semantics §3.1).
/// </summary>
/// <remarks>
/// Error handling choice: <see cref="Resolve"/> throws <see cref="FormatException"/> for a non-numeric string
/// (Go returns an error). <see cref="MaxSurge"/>/<see cref="MaxUnavailable"/> on a whole Rollout follow Go and
/// treat that error as (0, 0) — validation is what rejects such specs.
/// </remarks>
public static class Fenceposts
{
    /// <summary>Argo's default for both fields is the STRING "25" (no '%'), i.e. 25 percent.</summary>
    public static readonly IntOrString DefaultMaxSurge = IntOrString.FromString("25");

    /// <inheritdoc cref="DefaultMaxSurge"/>
    public static readonly IntOrString DefaultMaxUnavailable = IntOrString.FromString("25");

    /// <summary>The <c>field.Invalid</c> detail of <c>validation.go</c> (InvalidMaxSurgeMaxUnavailable).</summary>
    public const string BothZeroMessage = "MaxSurge and MaxUnavailable both can not be zero";

    /// <summary>
    /// Surge rounds up, unavailable rounds down; unset means int 0; if both resolve to 0, unavailable becomes 1
    /// ("surge might not work due to quota").
    /// </summary>
    /// <exception cref="FormatException">Either value is a string that is not a number after removing '%'.</exception>
    public static (int MaxSurge, int MaxUnavailable) Resolve(IntOrString? maxSurge, IntOrString? maxUnavailable, int desiredReplicas)
    {
        var surge = GoIntOrPercent.Resolve(maxSurge ?? IntOrString.FromInt(0), desiredReplicas, roundUp: true);
        var unavailable = GoIntOrPercent.Resolve(maxUnavailable ?? IntOrString.FromInt(0), desiredReplicas, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    /// <summary><see cref="Resolve"/> that reports Go's error as false instead of throwing.</summary>
    public static bool TryResolve(IntOrString? maxSurge, IntOrString? maxUnavailable, int desiredReplicas, out (int MaxSurge, int MaxUnavailable) result)
    {
        try
        {
            result = Resolve(maxSurge, maxUnavailable, desiredReplicas);
            return true;
        }
        catch (FormatException)
        {
            result = (0, 0);
            return false;
        }
    }

    /// <summary>
    /// Spec validation rule (<c>validation.go:invalidMaxSurgeMaxUnavailable</c>): null when valid, else
    /// <see cref="BothZeroMessage"/>. Unset values take the defaults first, so only explicit zeros fail; a
    /// string counts as zero when it is "0" with or without a trailing '%'. A non-numeric string is not zero
    /// here (it is reported by <see cref="Resolve"/> instead).
    /// </summary>
    public static string? Validate(IntOrString? maxSurge, IntOrString? maxUnavailable) =>
        IsZero(maxSurge ?? DefaultMaxSurge) && IsZero(maxUnavailable ?? DefaultMaxUnavailable) ? BothZeroMessage : null;

    /// <summary>Resolved maxSurge of a rollout (<c>MaxSurge</c>): 0 when the strategy is not canary.</summary>
    public static int MaxSurge(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (canary is null)
        {
            return 0;
        }

        TryResolve(canary.MaxSurge ?? DefaultMaxSurge, canary.MaxUnavailable ?? DefaultMaxUnavailable, DesiredReplicas.Of(rollout), out var r);
        return r.MaxSurge;
    }

    /// <summary>Resolved maxUnavailable (<c>MaxUnavailable</c>): 0 with 0 replicas, capped at spec.replicas.</summary>
    public static int MaxUnavailable(Rollout rollout)
    {
        var replicas = DesiredReplicas.Of(rollout);
        if (replicas == 0)
        {
            return 0;
        }

        int maxUnavailable;
        var canary = rollout.Spec.Strategy.Canary;
        if (canary is not null)
        {
            TryResolve(canary.MaxSurge ?? DefaultMaxSurge, canary.MaxUnavailable ?? DefaultMaxUnavailable, replicas, out var r);
            maxUnavailable = r.MaxUnavailable;
        }
        else
        {
            // Blue-green: plain percentage of its own maxUnavailable (default "25"), no fencepost fix-up.
            var value = BlueGreenMaxUnavailable(rollout) ?? DefaultMaxUnavailable;
            try
            {
                maxUnavailable = GoIntOrPercent.Resolve(value, replicas, roundUp: false);
            }
            catch (FormatException)
            {
                maxUnavailable = 0;
            }
        }

        return Math.Min(maxUnavailable, replicas);
    }

    private static bool IsZero(IntOrString value) =>
        value.IsString
            ? GoIntOrPercent.GoAtoi(value.StringValue!.EndsWith('%') ? value.StringValue[..^1] : value.StringValue) == 0
            : value.IntValue == 0;

    private static IntOrString? BlueGreenMaxUnavailable(Rollout rollout)
    {
        if (rollout.Spec.Strategy.BlueGreen is not { ValueKind: JsonValueKind.Object } bg
            || !bg.TryGetProperty("maxUnavailable", out var mu))
        {
            return null;
        }

        return mu.ValueKind switch
        {
            JsonValueKind.Number when mu.TryGetInt32(out var i) => IntOrString.FromInt(i),
            JsonValueKind.String => IntOrString.FromString(mu.GetString()!),
            _ => (IntOrString?)null,
        };
    }
}
