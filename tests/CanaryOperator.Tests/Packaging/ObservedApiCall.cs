namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// One request the operator sent, as RBAC sees it: verb, group, resource (with <c>/subresource</c>) and namespace
/// (null for cluster-wide lists and watches, and for non-resource paths such as <c>/version</c>).
/// </summary>
internal sealed record ObservedApiCall(string Verb, string Group, string Resource, string? Namespace, bool IsNonResource)
{
    public override string ToString() => IsNonResource
        ? $"{Verb} {Resource} (non-resource)"
        : $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource} in {Namespace ?? "all namespaces"}";

    /// <summary>Maps an HTTP request to the RBAC attributes the API server's authorizer would check.</summary>
    public static ObservedApiCall From(HttpMethod method, Uri uri)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = uri.Query;
        string group;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            group = "";
            rest = segments[2..];
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            group = segments[1];
            rest = segments[3..];
        }
        else
        {
            return new ObservedApiCall(method.Method.ToLowerInvariant(), "", uri.AbsolutePath, null, IsNonResource: true);
        }

        if (rest.Length == 0)
        {
            return new ObservedApiCall(method.Method.ToLowerInvariant(), "", uri.AbsolutePath, null, IsNonResource: true);
        }

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var verb = method.Method switch
        {
            "GET" when name is null => query.Contains("watch=true", StringComparison.Ordinal) || query.Contains("watch=1", StringComparison.Ordinal) ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.Method.ToLowerInvariant(),
        };
        return new ObservedApiCall(verb, group, subresource is null ? resource : resource + "/" + subresource, ns, IsNonResource: false);
    }
}
