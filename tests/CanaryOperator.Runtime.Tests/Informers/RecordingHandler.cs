using System.Collections.Concurrent;
using CanaryOperator.Runtime.Informers;
using k8s.Models;

namespace CanaryOperator.Runtime.Tests.Informers;

/// <summary>Records handler calls as "ADDED ns/name=value" lines.</summary>
internal sealed class RecordingHandler : IResourceEventHandler<V1ConfigMap>
{
    public ConcurrentQueue<string> Events { get; } = new();

    public List<string> Snapshot() => [.. Events];

    public void OnAdd(V1ConfigMap obj) => Events.Enqueue($"ADDED {Describe(obj)}");

    public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) =>
        Events.Enqueue($"MODIFIED {Describe(oldObj)} -> {newObj.Data?["value"]}");

    public void OnDelete(V1ConfigMap obj) => Events.Enqueue($"DELETED {ObjectKey.Of(obj)}");

    private static string Describe(V1ConfigMap obj) => $"{ObjectKey.Of(obj)}={obj.Data?["value"]}";
}
