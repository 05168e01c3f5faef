namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Receives cache changes. Called on the informer's loop, one at a time and in order: keep it cheap (enqueue keys).
/// </summary>
public interface IResourceEventHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    /// <summary>The last known state of the deleted object (after a relist it may be slightly stale).</summary>
    void OnDelete(T obj);
}
