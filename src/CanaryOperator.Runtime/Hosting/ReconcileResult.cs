namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// What a reconcile asks for next: nothing (<see cref="Done"/>) or another look after a time
/// (<see cref="RequeueAfter(TimeSpan)"/>, for pause durations and delays). Failures are exceptions, not results.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter) => RequeueDelay = requeueAfter;

    public static ReconcileResult Done { get; } = new(null);

    /// <summary>When set, the key is reconciled again after this delay (an earlier trigger still wins).</summary>
    public TimeSpan? RequeueDelay { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ReconcileResult(delay);
    }

    public override string ToString() => RequeueDelay is { } d ? $"RequeueAfter({d})" : "Done";
}
