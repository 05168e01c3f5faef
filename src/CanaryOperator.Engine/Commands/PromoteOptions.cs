namespace CanaryOperator.Engine.Commands;

/// <summary>Flags of <c>kubectl argo rollouts promote</c>.</summary>
public sealed record PromoteOptions
{
    /// <summary><c>--full</c>: skip all remaining steps and analysis.</summary>
    public bool Full { get; init; }

    /// <summary>Deprecated <c>-c/--skip-current-step</c>.</summary>
    public bool SkipCurrentStep { get; init; }

    /// <summary>Deprecated <c>-a/--skip-all-steps</c>.</summary>
    public bool SkipAllSteps { get; init; }
}
