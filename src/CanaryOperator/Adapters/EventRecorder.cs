using System.Collections.Concurrent;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Adapters;

/// <summary>
/// Records Kubernetes Events (events.k8s.io/v1) on a Rollout with Argo's reason names. The same event repeated for
/// the same Rollout (an invalid spec re-checked every 20 s) is recorded once, not once per pass. Recording is
/// best effort: a failed event is logged and never fails the reconcile.
/// </summary>
public sealed class EventRecorder(IKubernetes client, string reportingController, string reportingInstance, TimeProvider time, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, string> _lastByRollout = new(StringComparer.Ordinal);

    /// <summary>How many events were created (for tests and the write counts).</summary>
    public int Recorded => _recorded;

    private int _recorded;

    public async Task RecordAsync(Rollout rollout, PlannedEvent planned, CancellationToken cancellationToken)
    {
        var ns = rollout.Metadata.NamespaceProperty ?? "default";
        var rolloutKey = $"{ns}/{rollout.Metadata.Name}";
        var fingerprint = $"{planned.Type}|{planned.Reason}|{planned.Message}";
        if (_lastByRollout.TryGetValue(rolloutKey, out var last) && last == fingerprint)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var body = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{rollout.Metadata.Name}.", NamespaceProperty = ns },
            EventTime = now,
            ReportingController = reportingController,
            ReportingInstance = reportingInstance,
            Action = planned.Reason,
            Reason = planned.Reason,
            Type = planned.Type,
            Note = planned.Message,
            Regarding = new V1ObjectReference
            {
                ApiVersion = Rollout.ApiGroupVersion,
                Kind = Rollout.KindName,
                Name = rollout.Metadata.Name,
                NamespaceProperty = ns,
                Uid = rollout.Metadata.Uid,
                ResourceVersion = rollout.Metadata.ResourceVersion,
            },
        };
        try
        {
            await client.EventsV1.CreateNamespacedEventAsync(body, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            _lastByRollout[rolloutKey] = fingerprint;
            Interlocked.Increment(ref _recorded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not record event {Reason} on rollout {Namespace}/{Name}", planned.Reason, ns, rollout.Metadata.Name);
        }
    }

    /// <summary>Forgets a deleted Rollout's last event.</summary>
    public void Forget(string rolloutKey) => _lastByRollout.TryRemove(rolloutKey, out _);
}
