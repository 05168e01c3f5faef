using CanaryOperator.Api.Primitives;
using CanaryOperator.Engine.Pauses;

namespace CanaryOperator.Cli;

/// <summary>Durations on the command line read like pause durations in a Rollout (<c>30s</c>, <c>2m</c>, <c>1h30m</c>, or seconds).</summary>
public static class GoDuration
{
    public static TimeSpan Parse(string text, string flag)
    {
        var seconds = PauseDuration.Seconds(IntOrString.FromString(text));
        return seconds < 0
            ? throw new FormatException($"{flag} '{text}': expected a duration such as 30s, 2m or 1h30m")
            : TimeSpan.FromSeconds(seconds);
    }
}
