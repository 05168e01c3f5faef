using Microsoft.Extensions.Hosting;

namespace CanaryOperator.Runtime.Leadership;

/// <summary>
/// Stops the host with a non-zero exit code, so the container exits and Kubernetes restarts it cleanly
/// (controller-runtime exits the same way: "leader election lost").
/// </summary>
public sealed class StopApplicationOnLeadershipLost(IHostApplicationLifetime lifetime) : ILeadershipLostHandler
{
    public void OnLeadershipLost()
    {
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
