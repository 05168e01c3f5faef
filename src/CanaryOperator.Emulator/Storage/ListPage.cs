using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// One page of a LIST: the selected objects (copies from <see cref="ObjectStore.ListPage"/>, the stored instances from
/// <see cref="ObjectStore.ListPageShared"/>), the store's resourceVersion, and — when more matching objects follow — the
/// key of the last one returned (the continue point) and how many remain.
/// </summary>
public sealed record ListPage(List<JsonObject> Items, long ResourceVersion, string? LastKey, int Remaining);
