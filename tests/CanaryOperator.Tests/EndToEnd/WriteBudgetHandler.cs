namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Lets an operator's client make exactly <see cref="Budget"/> writes; the next write never reaches the server and
/// marks the budget as spent — the test then "kills" that operator, as if the process died right after write k.
/// Reads pass through untouched.
/// </summary>
internal sealed class WriteBudgetHandler(int budget) : DelegatingHandler
{
    private int _writes;

    public int Budget { get; } = budget;

    public int Writes => Volatile.Read(ref _writes);

    public bool Spent { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            if (Interlocked.Increment(ref _writes) > Budget)
            {
                Spent = true;
                throw new HttpRequestException($"operator killed after write {Budget}");
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Counts an operator's writes (non-GET requests) as they leave its client.</summary>
internal sealed class WriteCounter : DelegatingHandler
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            Interlocked.Increment(ref _writes);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
