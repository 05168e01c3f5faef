using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Selection;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>The autoscaling/v1 Scale view of an object with a scale subresource.</summary>
public static class Scale
{
    public static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        var paths = type.Scale ?? throw ApiException.NotFoundPath();
        var meta = Obj.Metadata(obj);
        string? selector;
        if (paths.LabelSelectorPath is { } selectorPath)
        {
            var node = Obj.GetPath(obj, selectorPath);
            selector = node is JsonObject so ? LabelSelector.FromObject(so).ToString() : Obj.Str(node);
        }
        else
        {
            selector = obj["spec"]?["selector"] is JsonObject s ? LabelSelector.FromObject(s).ToString() : null;
        }

        var status = new JsonObject { ["replicas"] = Obj.Long(Obj.GetPath(obj, paths.StatusReplicasPath)) ?? 0 };
        if (selector is not null)
        {
            status["selector"] = selector;
        }

        var scaleMeta = new JsonObject();
        foreach (var f in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[f] is { } v)
            {
                scaleMeta[f] = v.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = Obj.Long(Obj.GetPath(obj, paths.SpecReplicasPath)) ?? 0 },
            ["status"] = status,
        };
    }
}
