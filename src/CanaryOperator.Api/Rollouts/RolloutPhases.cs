namespace CanaryOperator.Api.Rollouts;

/// <summary><c>status.phase</c> values.</summary>
public static class RolloutPhases
{
    public const string Progressing = "Progressing";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
}

/// <summary><c>status.pauseConditions[].reason</c> values.</summary>
public static class PauseReasons
{
    public const string CanaryPauseStep = "CanaryPauseStep";
    public const string InconclusiveAnalysisRun = "InconclusiveAnalysisRun";
    public const string InconclusiveExperiment = "InconclusiveExperiment";
    public const string BlueGreenPause = "BlueGreenPause";
}

/// <summary><c>workloadRef.scaleDown</c> values.</summary>
public static class ScaleDownModes
{
    public const string Never = "never";
    public const string OnSuccess = "onsuccess";
    public const string Progressively = "progressively";
}
