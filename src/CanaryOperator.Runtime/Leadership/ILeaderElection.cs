namespace CanaryOperator.Runtime.Leadership;

/// <summary>Decides whether this replica may reconcile.</summary>
public interface ILeaderElection
{
    bool IsLeader { get; }

    /// <summary>Campaigns for (and then holds) leadership until cancelled or lost.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when this replica leads, with a token that is cancelled when it stops leading.</summary>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken);
}
