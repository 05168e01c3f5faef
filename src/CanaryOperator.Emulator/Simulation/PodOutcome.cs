using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Simulation;

/// <summary>What happens to a simulated pod.</summary>
public enum PodFate
{
    /// <summary>Becomes Running and Ready after the delay.</summary>
    Ready,

    /// <summary>Runs but never becomes Ready (failing readiness probe).</summary>
    NeverReady,

    /// <summary>Its container keeps crashing: CrashLoopBackOff, restartCount grows, never Ready.</summary>
    CrashLoop,
}

/// <summary>A pod's fate and how long after creation it takes effect (on the emulator clock).</summary>
public sealed record PodOutcome(PodFate Fate, TimeSpan Delay)
{
    public static PodOutcome ReadyAfter(TimeSpan delay) => new(PodFate.Ready, delay);

    public static PodOutcome Never { get; } = new(PodFate.NeverReady, TimeSpan.Zero);

    public static PodOutcome CrashLoop(TimeSpan delay = default) => new(PodFate.CrashLoop, delay);
}

/// <summary>A readiness rule: the first rule whose predicate matches the ReplicaSet decides its pods' fate.</summary>
public sealed record PodRule(Func<JsonObject, bool> Matches, PodOutcome Outcome);
