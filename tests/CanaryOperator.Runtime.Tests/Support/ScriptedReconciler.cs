using System.Collections.Concurrent;
using CanaryOperator.Runtime.Hosting;

namespace CanaryOperator.Runtime.Tests.Support;

/// <summary>
/// A reconciler whose behaviour per call is scripted by a delegate; it counts calls per key and watches that no key
/// is ever reconciled by two workers at the same time.
/// </summary>
public sealed class ScriptedReconciler(Func<string, int, CancellationToken, Task<ReconcileResult>> script) : IReconciler
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _overlaps;
    private int _concurrent;
    private int _maxConcurrent;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public int Concurrent => Volatile.Read(ref _concurrent);

    public int TotalCalls => _calls.Values.Sum();

    public int Calls(string key) => _calls.GetValueOrDefault(key);

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var attempt = _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        var now = Interlocked.Increment(ref _concurrent);
        int seen;
        while ((seen = Volatile.Read(ref _maxConcurrent)) < now && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        try
        {
            return await script(key, attempt, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }
}
