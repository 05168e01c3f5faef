using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// One change in the store: what a watch replays (ADDED, MODIFIED, DELETED, or BOOKMARK / ERROR for a single watcher).
/// <see cref="Object"/> and <see cref="OldObject"/> are the store's own instances (the new and the replaced one): read
/// them, never change them.
/// </summary>
public sealed record StoredEvent(long ResourceVersion, string StorageKey, string Type, JsonObject Object, JsonObject? OldObject)
{
    private ServedBytes? _served;

    /// <summary>
    /// <see cref="Object"/> as JSON with the given apiVersion and kind, kept after the first call: every watcher of the
    /// kind (and every served version of it) sends the same bytes, so the object is serialized once per event, not once
    /// per watcher. <paramref name="serialize"/> computes them on a miss; concurrent first calls may both compute, which
    /// only costs time.
    /// </summary>
    internal byte[] ServedJson(string apiVersion, string kind, Func<byte[]> serialize)
    {
        var cached = Volatile.Read(ref _served);
        if (cached is not null && cached.ApiVersion == apiVersion && cached.Kind == kind)
        {
            return cached.Json;
        }

        var fresh = new ServedBytes(apiVersion, kind, serialize());
        Volatile.Write(ref _served, fresh);
        return fresh.Json;
    }

    private sealed record ServedBytes(string ApiVersion, string Kind, byte[] Json);
}
