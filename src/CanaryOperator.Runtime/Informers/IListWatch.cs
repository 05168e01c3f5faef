using k8s;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// The two API calls an informer needs for one kind, so the informer itself is generic and testable without a
/// cluster. Adapters for KubernetesClient live in <see cref="KubernetesListWatch"/>.
/// </summary>
/// <remarks>
/// Contract for <see cref="WatchAsync"/>: it yields ADDED, MODIFIED, DELETED and BOOKMARK events; when the server
/// reports an error (typically 410 Gone because the requested <c>resourceVersion</c> is too old) it throws — a
/// <see cref="KubernetesException"/> carrying the status — instead of yielding it; the enumeration simply ending
/// means the server closed the watch (timeout) and the informer reconnects from its last resourceVersion.
/// </remarks>
public interface IListWatch<T>
{
    Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken);
}
