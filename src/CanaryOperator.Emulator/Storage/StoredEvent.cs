using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>One change in the store: what a watch replays (ADDED, MODIFIED, DELETED, or BOOKMARK / ERROR for a single watcher).</summary>
public sealed record StoredEvent(long ResourceVersion, string StorageKey, string Type, JsonObject Object, JsonObject? OldObject);
