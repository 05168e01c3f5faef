using CanaryOperator.Runtime.Informers;

namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// Readiness and liveness for the operator's probes. Ready: every informer has synced. Healthy: nothing has
/// crashed — once started, every informer loop is still running and the host has not faulted.
/// </summary>
public sealed class RuntimeHealth(IEnumerable<IInformer> informers)
{
    private readonly IInformer[] _informers = [.. informers];
    private volatile bool _started;
    private volatile bool _stopping;
    private volatile Exception? _fault;

    public bool IsReady => _informers.All(i => i.HasSynced);

    // HasStopped rather than !IsRunning: an informer the host is just starting is not a dead one.
    public bool IsHealthy => _fault is null && (!_started || _stopping || !_informers.Any(i => i.HasStopped));

    /// <summary>Why <see cref="IsHealthy"/> is false, for the probe's body and logs.</summary>
    public string Describe()
    {
        if (_fault is { } fault)
        {
            return $"faulted: {fault.Message}";
        }

        var notSynced = _informers.Where(i => !i.HasSynced).Select(i => i.Name).ToList();
        var stopped = _started && !_stopping ? _informers.Where(i => i.HasStopped).Select(i => i.Name).ToList() : [];
        return notSynced.Count == 0 && stopped.Count == 0
            ? "ok"
            : $"not synced: [{string.Join(", ", notSynced)}]; stopped: [{string.Join(", ", stopped)}]";
    }

    internal void MarkStarted() => _started = true;

    internal void MarkStopping() => _stopping = true;

    internal void MarkFaulted(Exception fault) => _fault = fault;
}
