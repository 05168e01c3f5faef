namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// What a reconcile asks for next: nothing (<see cref="Done"/>) or another look after a time
/// (<see cref="RequeueAfter(TimeSpan)"/>, for pause durations and delays). Failures are exceptions, not results.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter, string? outcome)
    {
        RequeueDelay = requeueAfter;
        Outcome = outcome;
    }

    public static ReconcileResult Done { get; } = new(null, null);

    /// <summary>When set, the key is reconciled again after this delay (an earlier trigger still wins).</summary>
    public TimeSpan? RequeueDelay { get; }

    /// <summary>
    /// The <c>result</c> label on <c>controller_runtime_reconcile_total</c> when the reconciler names its own outcome
    /// (an early return the operator wants to count apart, such as <c>cache_lag</c>); null for the standard labels.
    /// </summary>
    public string? Outcome { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay) => RequeueAfter(delay, null);

    /// <summary>A requeue counted under its own <paramref name="outcome"/> label.</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay, string? outcome)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ReconcileResult(delay, outcome);
    }

    public override string ToString() =>
        (RequeueDelay is { } d ? $"RequeueAfter({d})" : "Done") + (Outcome is { } o ? $" [{o}]" : "");
}
