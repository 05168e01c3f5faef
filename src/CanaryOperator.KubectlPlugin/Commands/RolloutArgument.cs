using System.CommandLine;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>The ROLLOUT name every sub-command takes.</summary>
internal static class RolloutArgument
{
    public static Argument<string> Create() => new("ROLLOUT") { Description = "Name of the Rollout" };
}
