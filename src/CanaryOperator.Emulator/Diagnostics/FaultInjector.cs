namespace CanaryOperator.Emulator.Diagnostics;

/// <summary>What a fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.StatusCode"/> and a v1.Status body (409, 429, 500, 503, ...).</summary>
    Error,

    /// <summary>Wait <see cref="FaultRule.Delay"/> (real time), then answer 504 reason Timeout, as kube-apiserver's request timeout does.</summary>
    Timeout,

    /// <summary>Only add <see cref="FaultRule.Delay"/> (real time) and then serve normally.</summary>
    Latency,
}

/// <summary>
/// A fault for requests matching all the set filters. <see cref="Probability"/> draws from the injector's seeded random;
/// <see cref="Times"/> limits how many requests it hits (null = unlimited).
/// </summary>
public sealed record FaultRule
{
    /// <summary>get, list, watch, create, update, patch, delete, deletecollection; null = any.</summary>
    public string? Verb { get; init; }

    /// <summary>Resource plural (e.g. "replicasets", "rollouts"); null = any.</summary>
    public string? Resource { get; init; }

    /// <summary>"status", "scale", or "" for the main resource; null = any.</summary>
    public string? Subresource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Error;

    public int StatusCode { get; init; } = 500;

    public double Probability { get; init; } = 1.0;

    public int? Times { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>Seconds for a Retry-After-like hint in the Status details (429/503).</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>Per-verb / per-resource fault rules plus watch faults (drop connections, force compaction).</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<RuleState> _rules = [];
    private readonly Random _random;
    private readonly Action _dropWatches;
    private readonly Action _compact;

    internal FaultInjector(int seed, Action dropWatches, Action compact)
    {
        _random = new Random(seed);
        _dropWatches = dropWatches;
        _compact = compact;
    }

    /// <summary>Added to every request (real time).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Number of requests a fault rule hit so far.</summary>
    public int Injected { get; private set; }

    /// <summary>When set, the next watch that names a resourceVersion gets a 410 Expired ERROR event.</summary>
    public bool ExpireNextWatch { get; set; }

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(new RuleState(rule));
        }

        return rule;
    }

    /// <summary>Shorthand: fail matching requests with a status code.</summary>
    public FaultRule Fail(string? verb, string? resource, int statusCode, double probability = 1.0, int? times = null) =>
        Add(new FaultRule { Verb = verb, Resource = resource, StatusCode = statusCode, Probability = probability, Times = times });

    public void Remove(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.RemoveAll(r => ReferenceEquals(r.Rule, rule));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            Latency = TimeSpan.Zero;
            ExpireNextWatch = false;
        }
    }

    /// <summary>Closes every open watch stream now (clients see the stream end and must re-watch).</summary>
    public void DropWatches() => _dropWatches();

    /// <summary>Discards the event log: watches resuming from any older resourceVersion get 410 Expired.</summary>
    public void Compact() => _compact();

    internal FaultRule? Match(string verb, string? resource, string? subresource, string? ns, string? name)
    {
        lock (_gate)
        {
            foreach (var state in _rules)
            {
                var r = state.Rule;
                if ((r.Verb is null || r.Verb == verb)
                    && (r.Resource is null || r.Resource == resource)
                    && (r.Subresource is null || r.Subresource == (subresource ?? string.Empty))
                    && (r.Namespace is null || r.Namespace == ns)
                    && (r.Name is null || r.Name == name)
                    && (r.Times is null || state.Hits < r.Times)
                    && (r.Probability >= 1.0 || _random.NextDouble() < r.Probability))
                {
                    state.Hits++;
                    Injected++;
                    return r;
                }
            }

            return null;
        }
    }

    internal bool TakeExpireNextWatch()
    {
        lock (_gate)
        {
            var value = ExpireNextWatch;
            ExpireNextWatch = false;
            return value;
        }
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Hits { get; set; }
    }
}
