namespace CanaryOperator.Runtime.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> built from delegates; missing ones do nothing.</summary>
public sealed class ResourceEventHandler<T>(
    Action<T>? onAdd = null,
    Action<T, T>? onUpdate = null,
    Action<T>? onDelete = null) : IResourceEventHandler<T>
{
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => onDelete?.Invoke(obj);

    /// <summary>Calls <paramref name="enqueue"/> with the key(s) returned by <paramref name="keysOf"/> for every change.</summary>
    public static ResourceEventHandler<T> Enqueue(Func<T, IEnumerable<string>> keysOf, Action<string> enqueue)
    {
        void Each(T obj)
        {
            foreach (var key in keysOf(obj))
            {
                enqueue(key);
            }
        }

        return new ResourceEventHandler<T>(Each, (_, n) => Each(n), Each);
    }
}
