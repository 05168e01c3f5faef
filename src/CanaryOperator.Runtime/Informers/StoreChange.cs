using k8s;

namespace CanaryOperator.Runtime.Informers;

/// <summary>What a store mutation did, so the informer can tell handlers (Old is null for ADDED).</summary>
public readonly record struct StoreChange<T>(WatchEventType Type, T? Old, T Current) where T : class;
