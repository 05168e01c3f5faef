using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;

namespace CanaryOperator.Adapters;

/// <summary>
/// The two-way JSON merge patch (RFC 7386) from the cached status to the desired one, as Argo's
/// <c>rollout/sync.go:persistRolloutStatus</c> computes it: changed or new fields are set, vanished fields become
/// <c>null</c>, arrays are replaced whole. An empty result means "write nothing".
/// </summary>
public static class StatusMergePatch
{
    /// <summary>The patch body for <c>/status</c> (<c>{"status":{...}}</c>), or null when the statuses are equal.</summary>
    public static JsonObject? Between(RolloutStatus? previous, RolloutStatus desired)
    {
        if (ReferenceEquals(previous, desired))
        {
            return null;
        }

        var afterText = ApiJson.Serialize(desired);
        var beforeText = previous is null ? null : ApiJson.Serialize(previous);
        // The common case at steady state: nothing changed. One serializer writes both with the same property order, so
        // equal texts are equal JSON and the patch is empty; building and diffing the two trees was ~a quarter of a no-op
        // reconcile's CPU (docs/benchmarks.md, "Reconcile CPU"). Unequal texts still go through the diff (an extension
        // field's order may differ while the values agree).
        if (beforeText is not null && string.Equals(beforeText, afterText, StringComparison.Ordinal))
        {
            return null;
        }

        var before = beforeText is null ? new JsonObject() : (JsonObject)JsonNode.Parse(beforeText)!;
        var after = (JsonObject)JsonNode.Parse(afterText)!;
        var diff = Diff(before, after);
        return diff.Count == 0 ? null : new JsonObject { ["status"] = diff };
    }

    /// <summary>The merge patch that turns <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static JsonObject Diff(JsonObject before, JsonObject after)
    {
        var patch = new JsonObject();
        foreach (var (key, oldValue) in before)
        {
            if (!after.ContainsKey(key) && oldValue is not null)
            {
                patch[key] = null;
            }
        }

        foreach (var (key, newValue) in after)
        {
            before.TryGetPropertyValue(key, out var oldValue);
            if (JsonNode.DeepEquals(oldValue, newValue))
            {
                continue;
            }

            if (oldValue is JsonObject oldObject && newValue is JsonObject newObject)
            {
                var nested = Diff(oldObject, newObject);
                if (nested.Count > 0)
                {
                    patch[key] = nested;
                }
            }
            else
            {
                patch[key] = newValue?.DeepClone();
            }
        }

        return patch;
    }
}
