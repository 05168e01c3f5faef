using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// One page of a LIST: copies of the selected objects, the store's resourceVersion, and — when more matching objects
/// follow — the key of the last one returned (the continue point) and how many remain.
/// </summary>
public sealed record ListPage(List<JsonObject> Items, long ResourceVersion, string? LastKey, int Remaining);
