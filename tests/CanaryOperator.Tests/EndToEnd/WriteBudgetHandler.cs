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

/// <summary>Counts an operator's writes (non-GET requests) as they leave its client, by method and resource.</summary>
internal sealed class WriteCounter : DelegatingHandler
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byResource = new(StringComparer.Ordinal);
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>"PATCH replicasets", "PATCH rollouts/status", "POST events", ... with their counts, most frequent first.</summary>
    public string Breakdown => string.Join(", ", _byResource.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}: {kv.Value}"));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            Interlocked.Increment(ref _writes);
            _byResource.AddOrUpdate($"{request.Method.Method} {ResourceOf(request.RequestUri)}", 1, (_, n) => n + 1);
        }

        return base.SendAsync(request, cancellationToken);
    }

    // /api/v1/namespaces/{ns}/{plural}[/{name}[/{sub}]] or /apis/{group}/{version}/namespaces/{ns}/{plural}[/...]
    private static string ResourceOf(Uri? uri)
    {
        var parts = (uri?.AbsolutePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ns = Array.IndexOf(parts, "namespaces");
        if (ns < 0 || ns + 2 >= parts.Length)
        {
            return uri?.AbsolutePath ?? "?";
        }

        var plural = parts[ns + 2];
        return ns + 4 < parts.Length ? $"{plural}/{parts[ns + 4]}" : plural;
    }
}
