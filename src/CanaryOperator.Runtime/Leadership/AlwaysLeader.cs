namespace CanaryOperator.Runtime.Leadership;

/// <summary>No election: a single replica (local runs, tests) is always the leader.</summary>
public sealed class AlwaysLeader : ILeaderElection
{
    public bool IsLeader => true;

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) =>
        Task.FromResult(CancellationToken.None);
}
