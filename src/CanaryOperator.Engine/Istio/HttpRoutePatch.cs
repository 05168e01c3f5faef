using System.Globalization;
using System.Text.Json.Nodes;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// The JSON Patch for header/mirror route changes (§5.6): only the named routes that appear, disappear or change are
/// touched — each removal <c>test</c>s the route's name at its index, each insertion <c>test</c>s the route it is
/// inserted in front of — so every other route (and every field of it) is left exactly as the server holds it,
/// and a concurrent re-ordering of the routes makes the write fail (retry) instead of landing at the wrong place.
/// A generic diff would instead <c>test</c> and <c>replace</c> the whole <c>spec.http</c> array, failing on any
/// unrelated edit anywhere in it.
/// </summary>
public static class HttpRoutePatch
{
    private const string HttpPath = "/spec/http";

    /// <summary>
    /// The patch from <paramref name="original"/> to <paramref name="updated"/> (both VirtualService documents), or
    /// null when the change is not "named routes removed or inserted, everything else equal" (the caller then
    /// falls back to <see cref="JsonPatchDocument.Diff"/>).
    /// </summary>
    public static JsonPatchDocument? TryBuild(JsonNode original, JsonNode updated)
    {
        if (original["spec"]?["http"] is not JsonArray before || updated["spec"]?["http"] is not JsonArray after
            || !EqualOutsideHttp(original, updated))
        {
            return null;
        }

        // Keep, in order, every route the update carries over unchanged; the rest of `before` is removed and the rest
        // of `after` inserted. Greedy in-order matching is exact for inserts/removals, and turns a moved route into a
        // removal plus an insertion.
        var keptBefore = new bool[before.Count];
        var keptAfter = new bool[after.Count];
        var next = 0;
        for (var j = 0; j < after.Count; j++)
        {
            for (var i = next; i < before.Count; i++)
            {
                if (JsonNode.DeepEquals(before[i], after[j]))
                {
                    keptBefore[i] = keptAfter[j] = true;
                    next = i + 1;
                    break;
                }
            }
        }

        var ops = new List<JsonPatchOperation>();
        for (var i = before.Count - 1; i >= 0; i--)
        {
            if (keptBefore[i])
            {
                continue;
            }

            if (NameOf(before[i]) is not { } name)
            {
                return null; // an unnamed route cannot be guarded by name: not a managed-route change
            }

            var path = At(i);
            ops.Add(new JsonPatchOperation("test", path + "/name", name));
            ops.Add(new JsonPatchOperation("remove", path));
        }

        // After the removals the array is exactly the kept routes; insert in ascending final position, guarding the
        // route that currently sits there (the next kept one) so the insertion lands in front of the right route.
        var current = new List<JsonNode?>();
        for (var i = 0; i < before.Count; i++)
        {
            if (keptBefore[i])
            {
                current.Add(before[i]);
            }
        }

        for (var j = 0; j < after.Count; j++)
        {
            if (keptAfter[j])
            {
                continue;
            }

            if (NameOf(after[j]) is null)
            {
                return null;
            }

            var path = At(j);
            if (j < current.Count)
            {
                ops.Add(NameOf(current[j]) is { } neighbour
                    ? new JsonPatchOperation("test", path + "/name", neighbour)
                    : new JsonPatchOperation("test", path, current[j]?.DeepClone()));
            }

            ops.Add(new JsonPatchOperation("add", path, after[j]!.DeepClone()));
            current.Insert(j, after[j]);
        }

        return new JsonPatchDocument(ops);
    }

    private static bool EqualOutsideHttp(JsonNode original, JsonNode updated)
    {
        var a = original.DeepClone();
        var b = updated.DeepClone();
        a["spec"]!.AsObject().Remove("http");
        b["spec"]!.AsObject().Remove("http");
        return JsonNode.DeepEquals(a, b);
    }

    private static string? NameOf(JsonNode? route) =>
        route?["name"] is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0 ? name : null;

    private static string At(int index) => HttpPath + "/" + index.ToString(CultureInfo.InvariantCulture);
}
