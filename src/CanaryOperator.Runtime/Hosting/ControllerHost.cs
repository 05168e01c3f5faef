using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Leadership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Runtime.Hosting;

/// <summary>
/// The hosted service that runs the runtime, in controller-runtime's order: start every informer, campaign for
/// leadership at the same time, wait until the caches have synced, wait until this replica leads, then run the
/// controllers' workers until shutdown or until leadership is lost (the workers stop at once then).
/// </summary>
public sealed class ControllerHost : BackgroundService
{
    private readonly IInformer[] _informers;
    private readonly Controller[] _controllers;
    private readonly ILeaderElection _leaderElection;
    private readonly ILogger _logger;

    public ControllerHost(
        IEnumerable<IInformer> informers,
        IEnumerable<Controller> controllers,
        ILeaderElection leaderElection,
        RuntimeHealth health,
        ILogger<ControllerHost>? logger = null)
    {
        _informers = [.. informers];
        _controllers = [.. controllers];
        _leaderElection = leaderElection;
        Health = health;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public RuntimeHealth Health { get; }

    /// <summary>True while the controllers' workers run (this replica leads and caches are synced).</summary>
    public bool ControllersRunning { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Health.MarkStarted();
        var background = _informers.Select(i => Task.Run(() => i.RunAsync(stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => _leaderElection.RunAsync(stoppingToken), CancellationToken.None))
            .ToList();
        try
        {
            await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(stoppingToken))).ConfigureAwait(false);
            _logger.LogInformation("All {Count} informers synced", _informers.Length);

            var leading = await _leaderElection.WaitForLeadershipAsync(stoppingToken).ConfigureAwait(false);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leading);
            ControllersRunning = true;
            try
            {
                await Task.WhenAll(_controllers.Select(c => c.RunAsync(run.Token))).ConfigureAwait(false);
            }
            finally
            {
                ControllersRunning = false;
            }

            await Task.WhenAll(background).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        catch (Exception ex)
        {
            Health.MarkFaulted(ex);
            _logger.LogCritical(ex, "Controller host failed");
            throw;
        }
        finally
        {
            Health.MarkStopping();
        }
    }
}
