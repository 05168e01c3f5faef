using CanaryOperator.Adapters;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CanaryOperator.Observe;

/// <summary>
/// The informer caches the Rollout controller reads: Rollouts, the ReplicaSets they own, the Deployments their
/// workloadRef names, Services, VirtualServices and DestinationRules — plus the indexes that map a related object back
/// to its Rollouts.
/// </summary>
public sealed class OperatorCaches
{
    /// <summary>ReplicaSets by the UID of their controlling owner.</summary>
    public const string ReplicaSetsByController = StandardIndexes.ControllerUid;

    public OperatorCaches(IKubernetes client, CacheSettings settings, ILoggerFactory loggerFactory)
    {
        var istio = settings.Istio;

        // One pool for every cache, so that a label or image shared by a Rollout's ReplicaSets and Deployment is held once.
        var transforms = new CacheTransforms(new StringPool());
        InformerOptions<TObj> Options<TObj>(string name, Func<TObj, TObj> transform)
            where TObj : class, IKubernetesObject<V1ObjectMeta> => new()
            {
                Name = name,
                TimeProvider = settings.Time,
                MinWatchTimeout = settings.MinWatchTimeout,
                MaxWatchTimeout = settings.MaxWatchTimeout,
                Transform = transform,
            };
        Informer<TObj> Create<TObj>(string kind, IListWatch<TObj> listWatch, Func<TObj, TObj> transform, string? ns)
            where TObj : class, IKubernetesObject<V1ObjectMeta> =>
            new(listWatch, Options(ns is null ? kind : $"{kind}/{ns}", transform), loggerFactory.CreateLogger($"Informer.{kind}"));

        Rollouts = new InformerSet<Rollout>(settings.Namespaces, ns => Create("rollouts",
            KubernetesListWatch.CustomObjects<Rollout>(client, Rollout.Group, Rollout.Version, Rollout.Plural, ns), transforms.Rollout, ns));
        ReplicaSets = new InformerSet<V1ReplicaSet>(settings.Namespaces, ns => Create("replicasets", KubernetesListWatch.ReplicaSets(client, ns), transforms.ReplicaSet, ns));
        Deployments = new InformerSet<V1Deployment>(settings.Namespaces, ns => Create("deployments", KubernetesListWatch.Deployments(client, ns), transforms.Deployment, ns));
        Services = new InformerSet<V1Service>(settings.Namespaces, ns => Create("services", KubernetesListWatch.Services(client, ns), transforms.Service, ns));
        VirtualServices = new InformerSet<VirtualService>(settings.Namespaces, ns => Create("virtualservices",
            KubernetesListWatch.CustomObjects<VirtualService>(client, istio.Group, istio.Version, IstioApi.VirtualServicePlural, ns), transforms.VirtualService, ns));
        DestinationRules = new InformerSet<DestinationRule>(settings.Namespaces, ns => Create("destinationrules",
            KubernetesListWatch.CustomObjects<DestinationRule>(client, istio.Group, istio.Version, IstioApi.DestinationRulePlural, ns), transforms.DestinationRule, ns));

        Rollouts.AddIndex(RolloutIndexes.ByDeployment, RolloutIndexes.DeploymentOf);
        Rollouts.AddIndex(RolloutIndexes.ByVirtualService, RolloutIndexes.VirtualServicesOf);
        Rollouts.AddIndex(RolloutIndexes.ByDestinationRule, RolloutIndexes.DestinationRuleOf);
        Rollouts.AddIndex(RolloutIndexes.ByService, RolloutIndexes.ServicesOf);
        ReplicaSets.AddIndex(ReplicaSetsByController, StandardIndexes.ByControllerUid);
        DestinationRules.AddIndex(DestinationRuleIndexes.ByManagingRollout, DestinationRuleIndexes.ManagingRolloutOf);
    }

    public InformerSet<Rollout> Rollouts { get; }

    public InformerSet<V1ReplicaSet> ReplicaSets { get; }

    public InformerSet<V1Deployment> Deployments { get; }

    public InformerSet<V1Service> Services { get; }

    public InformerSet<VirtualService> VirtualServices { get; }

    public InformerSet<DestinationRule> DestinationRules { get; }

    /// <summary>Every informer, for the host (run, wait for sync) and the readiness probe.</summary>
    public IReadOnlyList<IInformer> All =>
    [
        .. Rollouts.All, .. ReplicaSets.All, .. Deployments.All, .. Services.All, .. VirtualServices.All, .. DestinationRules.All,
    ];

    /// <summary>
    /// Wires every cache to the queue: a Rollout enqueues itself; an owned ReplicaSet its owner; a Deployment,
    /// VirtualService, DestinationRule or Service the Rollouts that reference it (through the indexes).
    /// </summary>
    public void EnqueueRolloutsOnChange(Action<string> enqueue)
    {
        Rollouts.AddEventHandler(ResourceEventHandler<Rollout>.Enqueue(r => [ObjectKey.Of(r)], enqueue));
        ReplicaSets.AddEventHandler(ResourceEventHandler<V1ReplicaSet>.Enqueue(
            rs => RolloutIndexes.OwnerRolloutKey(rs) is { } key ? [key] : [], enqueue));
        Deployments.AddEventHandler(ResourceEventHandler<V1Deployment>.Enqueue(
            d => Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByDeployment, ObjectKey.Of(d)), enqueue));
        Services.AddEventHandler(ResourceEventHandler<V1Service>.Enqueue(
            s => Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByService, ObjectKey.Of(s)), enqueue));
        VirtualServices.AddEventHandler(ResourceEventHandler<VirtualService>.Enqueue(
            v => Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByVirtualService, ObjectKey.Of(v)), enqueue));

        // The Rollout named in a rule's managed-by annotation is reconciled too, even after it stopped referencing
        // the rule, so that the rule gets released.
        DestinationRules.AddEventHandler(ResourceEventHandler<DestinationRule>.Enqueue(
            d => Rollouts.KeysByIndexEverywhere(RolloutIndexes.ByDestinationRule, ObjectKey.Of(d)).Concat(DestinationRuleIndexes.ManagingRolloutOf(d)), enqueue));
    }
}

/// <summary>What the caches need to know: namespaces (empty = all), Istio coordinates, clock and watch timeouts.</summary>
public sealed record CacheSettings
{
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public IstioResources Istio { get; init; } = IstioResources.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
