using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// <see cref="IListWatch{T}"/> adapters over KubernetesClient: built-in kinds through their generated
/// <c>List…Async</c>/<c>WatchList…Async</c> methods, custom resources through <c>CustomObjects</c>.
/// Pass <c>null</c> as namespace for a cluster-wide (all namespaces) informer.
/// </summary>
public static class KubernetesListWatch
{
    public static IListWatch<V1ReplicaSet> ReplicaSets(IKubernetes client, string? @namespace = null) =>
        @namespace is null
            ? FromTypedCalls<V1ReplicaSet, V1ReplicaSetList>(
                (c, l, ct) => client.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct))
            : FromTypedCalls<V1ReplicaSet, V1ReplicaSetList>(
                (c, l, ct) => client.AppsV1.ListNamespacedReplicaSetAsync(@namespace, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.AppsV1.WatchListNamespacedReplicaSetAsync(
                    @namespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct));

    public static IListWatch<V1Deployment> Deployments(IKubernetes client, string? @namespace = null) =>
        @namespace is null
            ? FromTypedCalls<V1Deployment, V1DeploymentList>(
                (c, l, ct) => client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct))
            : FromTypedCalls<V1Deployment, V1DeploymentList>(
                (c, l, ct) => client.AppsV1.ListNamespacedDeploymentAsync(@namespace, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.AppsV1.WatchListNamespacedDeploymentAsync(
                    @namespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct));

    public static IListWatch<V1Service> Services(IKubernetes client, string? @namespace = null) =>
        @namespace is null
            ? FromTypedCalls<V1Service, V1ServiceList>(
                (c, l, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct))
            : FromTypedCalls<V1Service, V1ServiceList>(
                (c, l, ct) => client.CoreV1.ListNamespacedServiceAsync(@namespace, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoreV1.WatchListNamespacedServiceAsync(
                    @namespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct));

    public static IListWatch<V1Pod> Pods(IKubernetes client, string? @namespace = null) =>
        @namespace is null
            ? FromTypedCalls<V1Pod, V1PodList>(
                (c, l, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct))
            : FromTypedCalls<V1Pod, V1PodList>(
                (c, l, ct) => client.CoreV1.ListNamespacedPodAsync(@namespace, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoreV1.WatchListNamespacedPodAsync(
                    @namespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct));

    public static IListWatch<V1Lease> Leases(IKubernetes client, string? @namespace = null) =>
        @namespace is null
            ? FromTypedCalls<V1Lease, V1LeaseList>(
                (c, l, ct) => client.CoordinationV1.ListLeaseForAllNamespacesAsync(continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoordinationV1.WatchListLeaseForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct))
            : FromTypedCalls<V1Lease, V1LeaseList>(
                (c, l, ct) => client.CoordinationV1.ListNamespacedLeaseAsync(@namespace, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => client.CoordinationV1.WatchListNamespacedLeaseAsync(
                    @namespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, onError: e, cancellationToken: ct));

    /// <summary>
    /// A custom resource (Rollout, VirtualService, …). LIST pages and watch events are deserialized by the client
    /// straight into <typeparamref name="T"/> with <see cref="KubernetesJson"/> (not object → JSON tree → typed: at
    /// 10,000 objects that detour was the largest allocator of an informer start; docs/benchmarks.md, "Profiling").
    /// Unknown fields survive as the model's own <c>[JsonExtensionData]</c>, the same as before.
    /// </summary>
    public static IListWatch<T> CustomObjects<T>(
        IKubernetes client, string group, string version, string plural, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        @namespace is null
            ? FromTypedCalls<T, CustomObjectList<T>>(
                (c, l, ct) => client.CustomObjects.ListClusterCustomObjectAsync<CustomObjectList<T>>(
                    group, version, plural, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => TypedWatch<T>(client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(
                    group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, watch: true,
                    cancellationToken: ct), e, ct))
            : FromTypedCalls<T, CustomObjectList<T>>(
                (c, l, ct) => client.CustomObjects.ListNamespacedCustomObjectAsync<CustomObjectList<T>>(
                    group, version, @namespace, plural, continueParameter: c, limit: l, cancellationToken: ct),
                (rv, t, e, ct) => TypedWatch<T>(client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                    group, version, @namespace, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t, watch: true,
                    cancellationToken: ct), e, ct));

    /// <summary>
    /// The events of a custom-object watch, each object deserialized straight to <typeparamref name="T"/>.
    /// KubernetesClient 21 offers a custom-object watch only untyped (<c>WatchList…CustomObjectAsync</c> yields
    /// <c>object</c>s), which the informer then had to turn into <typeparamref name="T"/> through a JSON tree; its
    /// typed <see cref="WatcherExt.WatchAsync{T, L}"/> is marked obsolete in favour of those untyped methods but is
    /// the same line reader (including the Status-to-<c>onError</c> handling that <see cref="SurfaceErrors"/> relies on).
    /// </summary>
    private static IAsyncEnumerable<(WatchEventType, T)> TypedWatch<T>(
        Task<k8s.Autorest.HttpOperationResponse<object>> response, Action<Exception> onError, CancellationToken cancellationToken)
    {
#pragma warning disable CS0618 // see the summary: the only typed custom-object watch the client has
        return response.WatchAsync<T, object>(onError, cancellationToken);
#pragma warning restore CS0618
    }

    /// <summary>Builds a list-watch from a generated typed LIST call and WATCH call (any built-in kind).</summary>
    public static IListWatch<T> FromTypedCalls<T, TList>(
        Func<string?, int, CancellationToken, Task<TList>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where TList : IItems<T>, IMetadata<V1ListMeta> =>
        new DelegateListWatch<T>(
            async (c, l, ct) =>
            {
                var result = await list(c, l, ct).ConfigureAwait(false);
                return new ListPage<T>([.. result.Items ?? []], result.Metadata?.ContinueProperty, result.Metadata?.ResourceVersion);
            },
            (rv, t, ct) => SurfaceErrors(e => watch(rv, t, e, ct), ct));

    /// <summary>
    /// KubernetesClient reports a watch's error Status (e.g. 410 Gone) only through <c>onError</c> and then ends the
    /// stream quietly; with <c>onError</c> null it is lost. This turns it into an exception the informer sees.
    /// Malformed lines (other exceptions passed to onError) are skipped, as the client does.
    /// </summary>
    public static async IAsyncEnumerable<(WatchEventType, TItem)> SurfaceErrors<TItem>(
        Func<Action<Exception>, IAsyncEnumerable<(WatchEventType, TItem)>> start,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        KubernetesException? failure = null;
        await foreach (var item in start(e => failure ??= e as KubernetesException).WithCancellation(cancellationToken)
                           .ConfigureAwait(false))
        {
            if (failure is not null)
            {
                throw failure;
            }

            yield return item;
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
