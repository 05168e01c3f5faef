using System.Runtime.CompilerServices;
using System.Text.Json;
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
    /// A custom resource (Rollout, VirtualService, …). The client returns <see cref="JsonElement"/>s; they are
    /// deserialized to <typeparamref name="T"/> with <see cref="KubernetesJson"/>.
    /// </summary>
    public static IListWatch<T> CustomObjects<T>(
        IKubernetes client, string group, string version, string plural, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        @namespace is null
            ? new DelegateListWatch<T>(
                async (c, l, ct) => ToPage<T>(await client.CustomObjects.ListClusterCustomObjectAsync(
                    group, version, plural, continueParameter: c, limit: l, cancellationToken: ct).ConfigureAwait(false)),
                (rv, t, ct) => SurfaceErrors(e => client.CustomObjects.WatchListClusterCustomObjectAsync(
                    group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t,
                    onError: e, cancellationToken: ct), ct).Select(ev => (ev.Item1, Convert<T>(ev.Item2))))
            : new DelegateListWatch<T>(
                async (c, l, ct) => ToPage<T>(await client.CustomObjects.ListNamespacedCustomObjectAsync(
                    group, version, @namespace, plural, continueParameter: c, limit: l, cancellationToken: ct).ConfigureAwait(false)),
                (rv, t, ct) => SurfaceErrors(e => client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    group, version, @namespace, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: t,
                    onError: e, cancellationToken: ct), ct).Select(ev => (ev.Item1, Convert<T>(ev.Item2))));

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

    private static ListPage<T> ToPage<T>(object response)
    {
        var root = AsElement(response);
        var items = new List<T>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                items.Add(KubernetesJson.Deserialize<T>(item));
            }
        }

        string? continueToken = null;
        string? resourceVersion = null;
        if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            continueToken = meta.TryGetProperty("continue", out var c) ? c.GetString() : null;
            resourceVersion = meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
        }

        return new ListPage<T>(items, continueToken, resourceVersion);
    }

    private static T Convert<T>(object obj) => obj switch
    {
        T typed => typed,
        JsonElement element => KubernetesJson.Deserialize<T>(element),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj)),
    };

    private static JsonElement AsElement(object obj) => obj switch
    {
        JsonElement element => element,
        _ => JsonDocument.Parse(KubernetesJson.Serialize(obj)).RootElement,
    };
}
