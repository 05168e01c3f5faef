namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// In front of the leader's client: holds one chosen write in flight (so a reconcile is mid-way when leadership goes)
/// and, once <see cref="CutLease"/> is called, fails every Lease request, as a network partition between the leader
/// and the API server would.
/// </summary>
internal sealed class LeaderLossInterceptor : DelegatingHandler
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _holdResource;
    private volatile bool _leaseCut;

    /// <summary>Set once the held write was cancelled (the reconcile saw its leadership end) instead of being sent.</summary>
    public bool HeldWriteCancelled { get; private set; }

    public bool Holding => _held.Task.IsCompleted;

    /// <summary>Holds the next write whose path contains <paramref name="resource"/> until the request is cancelled.</summary>
    public void HoldNextWriteTo(string resource) => Volatile.Write(ref _holdResource, resource);

    public void CutLease() => _leaseCut = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (_leaseCut && path.Contains("/leases", StringComparison.Ordinal))
        {
            throw new HttpRequestException("lease unreachable (partition)");
        }

        if (request.Method != HttpMethod.Get && Volatile.Read(ref _holdResource) is { } resource
            && path.Contains(resource, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _holdResource, null, resource) == resource)
        {
            _held.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                HeldWriteCancelled = true;
                throw;
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
