namespace CanaryOperator.Runtime.Leadership;

/// <summary>
/// What to do when this replica loses a lease it held. Production stops the process
/// (<see cref="StopApplicationOnLeadershipLost"/>): a fresh process rebuilds its caches and queue from scratch,
/// which is simpler and safer than trying to resume. Tests inject their own.
/// </summary>
public interface ILeadershipLostHandler
{
    void OnLeadershipLost();
}
