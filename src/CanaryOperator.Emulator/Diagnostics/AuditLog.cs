namespace CanaryOperator.Emulator.Diagnostics;

/// <summary>One request as the emulator saw it.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    string Verb,
    string Method,
    string Path,
    string Query,
    string ContentType,
    int StatusCode,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string UserAgent)
{
    /// <summary>create, update, patch, delete and deletecollection.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}

/// <summary>Every request the emulator answered (verb, path, content type, status code), for tests and benchmarks to count.</summary>
public sealed class AuditLog
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];
    private long _sequence;

    public int MaxEntries { get; set; } = 200_000;

    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public int Count(Func<AuditEntry, bool>? predicate = null)
    {
        lock (_gate)
        {
            return predicate is null ? _entries.Count : _entries.Count(predicate);
        }
    }

    /// <summary>Number of write requests (optionally for one resource plural).</summary>
    public int Writes(string? resource = null) => Count(e => e.IsWrite && (resource is null || e.Resource == resource));

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Record(Func<long, AuditEntry> create)
    {
        lock (_gate)
        {
            _entries.Add(create(++_sequence));
            if (_entries.Count > MaxEntries)
            {
                _entries.RemoveRange(0, _entries.Count - MaxEntries);
            }
        }
    }
}
