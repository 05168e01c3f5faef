using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using k8s;
using Microsoft.Extensions.Logging;

namespace CanaryOperator.Adapters;

/// <summary>
/// Runs one <see cref="PlanAction"/> through the adapter that owns that kind of write. The adapters re-decide nothing:
/// every value comes from the plan. Exceptions propagate (the controller stops at the first failed action).
/// </summary>
public sealed class ActionExecutor
{
    private readonly ReplicaSetWriter _replicaSets;
    private readonly VirtualServiceWriter _virtualServices;
    private readonly DestinationRuleWriter _destinationRules;
    private readonly DeploymentScaler _deployments;
    private readonly ServiceSelectorWriter _services;
    private readonly RolloutWriter _rollouts;
    private readonly PodMetadataWriter _podMetadata;
    private readonly PodEvictor _evictor;

    public ActionExecutor(IKubernetes client, IstioResources istio, ILogger? evictionLogger = null)
    {
        _replicaSets = new ReplicaSetWriter(client);
        _virtualServices = new VirtualServiceWriter(client, istio);
        _destinationRules = new DestinationRuleWriter(client, istio);
        _deployments = new DeploymentScaler(client);
        _services = new ServiceSelectorWriter(client);
        _rollouts = new RolloutWriter(client);
        _podMetadata = new PodMetadataWriter(client);
        _evictor = new PodEvictor(client, evictionLogger);
    }

    /// <summary>Restart evictions a PodDisruptionBudget refused since start.</summary>
    public long EvictionsRefused => _evictor.RefusedByDisruptionBudget;

    /// <summary>
    /// Executes <paramref name="action"/>; <paramref name="rolloutResourceVersion"/> guards writes to the Rollout itself.
    /// Returns what was written (null when the action turned out to need no request).
    /// </summary>
    public Task<WrittenObject?> ExecuteAsync(PlanAction action, string? rolloutResourceVersion, CancellationToken cancellationToken) => action switch
    {
        CreateReplicaSet a => Some(_replicaSets.CreateAsync(a.ReplicaSet, cancellationToken)),
        ScaleReplicaSet a => Some(_replicaSets.ScaleAsync(a.Namespace, a.Name, a.Replicas, a.DesiredReplicasAnnotation, a.RemoveScaleDownDeadline, cancellationToken)),
        SetReplicaSetAnnotation a => Some(_replicaSets.SetAnnotationAsync(a.Namespace, a.Name, a.Key, a.Value, cancellationToken)),
        CombinedReplicaSetPatch a => Some(_replicaSets.PatchAsync(a.Namespace, a.Name, a.Annotations, a.Replicas, a.Template, cancellationToken)),
        SetReplicaSetEphemeralMetadata a => Some(_replicaSets.PatchAsync(
            a.Namespace, a.Name, new Dictionary<string, string?> { [RolloutAnnotations.EphemeralMetadata] = a.Record }, null, a.Template, cancellationToken)),
        DeleteReplicaSet a => Some(_replicaSets.DeleteAsync(a.Namespace, a.Name, cancellationToken)),
        UpdateVirtualService a => _virtualServices.PatchAsync(a.Namespace, a.Name, a.JsonPatch, cancellationToken),
        UpdateDestinationRule a => _destinationRules.PatchAsync(a.Namespace, a.Name, a.JsonPatch, cancellationToken),
        ScaleDeployment a => Some(_deployments.ScaleAsync(a.Namespace, a.Name, a.Replicas, cancellationToken)),
        SetServiceSelector a => Some(_services.SetSelectorAsync(a.Namespace, a.Name, a.Hash, a.ManagedByAnnotation, cancellationToken)),
        SetRolloutReplicas a => Some(_rollouts.SetReplicasAsync(a.Namespace, a.Name, a.Replicas, rolloutResourceVersion, cancellationToken)),
        SetRolloutRevisionAnnotation a => Some(_rollouts.SetRevisionAsync(a.Namespace, a.Name, a.Revision, rolloutResourceVersion, cancellationToken)),
        SetPodEphemeralMetadata a => Uncached(_podMetadata.PatchAsync(a.Namespace, a.Name, a.Metadata, cancellationToken)),
        EvictPod a => Evicted(a, cancellationToken),
        _ => throw new NotSupportedException($"no adapter executes {action.GetType().Name}"),
    };

    // Pods are not cached, so an eviction leaves nothing for the cache expectations to wait for.
    private async Task<WrittenObject?> Evicted(EvictPod action, CancellationToken cancellationToken)
    {
        await _evictor.EvictAsync(action.Namespace, action.Name, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<WrittenObject?> Some(Task<WrittenObject> write) => await write.ConfigureAwait(false);

    /// <summary>A write to an object no cache holds (pods): there is nothing for the controller to wait to observe.</summary>
    private static async Task<WrittenObject?> Uncached(Task write)
    {
        await write.ConfigureAwait(false);
        return null;
    }
}
