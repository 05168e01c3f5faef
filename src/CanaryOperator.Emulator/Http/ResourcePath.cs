using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>A request path resolved to a resource: <c>/api/v1/namespaces/{ns}/{plural}/{name}/{subresource}</c> or <c>/apis/{group}/{version}/...</c>.</summary>
public sealed record ResourcePath(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Resolves a resource path; null when the path is not a resource path; throws 404 for unknown kinds.</summary>
    public static ResourcePath? Parse(string path, ResourceRegistry registry)
    {
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segs.Length >= 3 && segs[0] == "api")
        {
            group = string.Empty;
            version = segs[1];
            rest = 2;
        }
        else if (segs.Length >= 4 && segs[0] == "apis")
        {
            group = segs[1];
            version = segs[2];
            rest = 3;
        }
        else
        {
            return null;
        }

        var r = segs[rest..];
        if (r.Length >= 3 && r[0] == "namespaces" && registry.Find(group, version, r[2]) is { Namespaced: true } nsType)
        {
            if (r.Length > 5)
            {
                throw ApiException.NotFoundPath();
            }

            return new ResourcePath(nsType, r[1], r.Length > 3 ? r[3] : null, r.Length > 4 ? r[4] : null);
        }

        var type = registry.Find(group, version, r[0]) ?? throw ApiException.NotFoundPath();
        if (r.Length > 3)
        {
            throw ApiException.NotFoundPath();
        }

        return new ResourcePath(type, null, r.Length > 1 ? r[1] : null, r.Length > 2 ? r[2] : null);
    }
}
