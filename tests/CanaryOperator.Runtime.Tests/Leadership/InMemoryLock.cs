using k8s.LeaderElection;

namespace CanaryOperator.Runtime.Tests.Leadership;

/// <summary>The lease record every replica shares (what the Lease object is in a cluster).</summary>
internal sealed class SharedLease
{
    private readonly Lock _gate = new();
    private LeaderElectionRecord? _record;

    public int Updates { get; private set; }

    public string? Holder
    {
        get
        {
            lock (_gate)
            {
                return _record?.HolderIdentity;
            }
        }
    }

    public LeaderElectionRecord? Get()
    {
        lock (_gate)
        {
            return _record is null ? null : Copy(_record);
        }
    }

    public bool Create(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            if (_record is not null)
            {
                return false;
            }

            _record = Copy(record);
            return true;
        }
    }

    public void Update(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            _record = Copy(record);
            Updates++;
        }
    }

    private static LeaderElectionRecord Copy(LeaderElectionRecord r) => new()
    {
        HolderIdentity = r.HolderIdentity,
        LeaseDurationSeconds = r.LeaseDurationSeconds,
        AcquireTime = r.AcquireTime,
        RenewTime = r.RenewTime,
        LeaderTransitions = r.LeaderTransitions,
    };
}

/// <summary>One replica's <see cref="ILock"/> on a <see cref="SharedLease"/>; can be told to fail its writes.</summary>
internal sealed class InMemoryLock(SharedLease lease, string identity) : ILock
{
    private volatile bool _failWrites;

    public string Identity => identity;

    /// <summary>Simulates losing the API server: every create/update from this replica fails.</summary>
    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.Get()!);

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        Task.FromResult(!FailWrites && lease.Create(record));

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        if (FailWrites)
        {
            return Task.FromResult(false);
        }

        lease.Update(record);
        return Task.FromResult(true);
    }

    public string Describe() => $"in-memory lease ({identity})";
}
