using Microsoft.Extensions.Hosting;

namespace CanaryOperator.Hosting;

/// <summary>Runs an <see cref="OperatorHost"/> inside a Microsoft.Extensions.Hosting application.</summary>
public sealed class OperatorHostedService(OperatorHost host) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);
}
