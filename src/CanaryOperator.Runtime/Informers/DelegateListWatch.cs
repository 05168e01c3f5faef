using k8s;

namespace CanaryOperator.Runtime.Informers;

/// <summary>An <see cref="IListWatch{T}"/> made of two delegates.</summary>
public sealed class DelegateListWatch<T>(
    Func<string?, int, CancellationToken, Task<ListPage<T>>> list,
    Func<string, int, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IListWatch<T>
{
    public Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken) =>
        list(continueToken, limit, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken) =>
        watch(resourceVersion, timeoutSeconds, cancellationToken);
}
