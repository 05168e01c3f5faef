using CanaryOperator.Runtime.Metrics;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Runtime.Leadership;

/// <summary>
/// Leader election over a coordination.k8s.io Lease with KubernetesClient's <see cref="LeaderElector"/>.
/// Campaigns until it leads, then holds the lease; when it can no longer renew it stops leading, cancels the
/// leadership token (workers stop at once) and calls the <see cref="ILeadershipLostHandler"/>. Shutdown is not a loss.
/// </summary>
public sealed class LeaseLeaderElection : ILeaderElection, IDisposable
{
    private readonly LeaderElectionOptions _options;
    private readonly ILock _lock;
    private readonly ILeadershipLostHandler _onLost;
    private readonly RuntimeMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _leading = new();
    private volatile bool _isLeader;
    private volatile bool _everLed;

    public LeaseLeaderElection(
        LeaderElectionOptions options,
        ILock resourceLock,
        ILeadershipLostHandler onLost,
        RuntimeMetrics? metrics = null,
        ILogger? logger = null)
    {
        _options = options;
        _lock = resourceLock;
        _onLost = onLost;
        _metrics = metrics;
        _logger = logger ?? NullLogger.Instance;
        _metrics?.LeaderElectionMasterStatus.WithLabels(options.LeaseName).Set(0);
    }

    /// <summary>The production lock: a Lease named <see cref="LeaderElectionOptions.LeaseName"/>.</summary>
    public static ILock CreateLeaseLock(IKubernetes client, LeaderElectionOptions options) =>
        new LeaseLock(client, options.LeaseNamespace, options.LeaseName, options.Identity);

    public bool IsLeader => _isLeader;

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) =>
        _acquired.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(_lock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };

        _logger.LogInformation("Campaigning for lease {Namespace}/{Lease} as {Identity}",
            _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += StartedLeading;
            elector.OnStoppedLeading += StoppedLeading;
            elector.OnNewLeader += leader => _logger.LogInformation("Lease {Lease} is held by {Leader}", _options.LeaseName, leader);
            elector.OnError += ex => _logger.LogWarning(ex, "Leader election error on lease {Lease}", _options.LeaseName);
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!_everLed)
            {
                // Still campaigning (e.g. the API server is unreachable): try again.
                _logger.LogWarning(ex, "Could not acquire lease {Lease}; retrying", _options.LeaseName);
                try
                {
                    await Task.Delay(_options.RetryPeriod, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Leader election on lease {Lease} failed while leading", _options.LeaseName);
            }

            if (_everLed && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogError("Lost lease {Lease}; stopping so that a fresh process can campaign again", _options.LeaseName);
                _onLost.OnLeadershipLost();
                break;
            }
        }

        StoppedLeading();
    }

    public void Dispose() => _leading.Dispose();

    private void StartedLeading()
    {
        _logger.LogInformation("Acquired lease {Lease}; this replica ({Identity}) now reconciles", _options.LeaseName, _options.Identity);
        _everLed = true;
        _isLeader = true;
        _metrics?.LeaderElectionMasterStatus.WithLabels(_options.LeaseName).Set(1);
        _acquired.TrySetResult(_leading.Token);
    }

    private void StoppedLeading()
    {
        if (!_isLeader)
        {
            return;
        }

        _isLeader = false;
        _metrics?.LeaderElectionMasterStatus.WithLabels(_options.LeaseName).Set(0);
        // Workers must stop touching the cluster now: another replica may already be leading.
        _leading.Cancel();
    }
}
