using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>The discovery documents (<c>/version</c>, <c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/g/v</c>) in the plain (non-aggregated) format.</summary>
public sealed class Discovery(ResourceRegistry registry, Func<string> serverAddress)
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubVerbs = ["get", "patch", "update"];

    public string GitVersion { get; init; } = "v1.32.0-emulator";

    /// <summary>Answers a discovery path, or null when the path is not a discovery path.</summary>
    public JsonObject? Answer(string path)
    {
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segs)
        {
            case ["version"]:
                return Version();
            case ["openapi", "v3"]:
                return OpenApiIndex();
            case ["openapi", "v3", "api", var v]:
                return OpenApiGroupVersion(string.Empty, v);
            case ["openapi", "v3", "apis", var g, var v]:
                return OpenApiGroupVersion(g, v);
            case ["api"]:
                return new JsonObject
                {
                    ["kind"] = "APIVersions",
                    ["versions"] = new JsonArray("v1"),
                    ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress() }),
                };
            case ["api", var v]:
                return ResourceList(string.Empty, v);
            case ["apis"]:
                return new JsonObject
                {
                    ["kind"] = "APIGroupList",
                    ["apiVersion"] = "v1",
                    ["groups"] = new JsonArray([.. registry.Groups().Where(g => g.Group.Length > 0).Select(g => (JsonNode?)Group(g.Group, g.Versions))]),
                };
            case ["apis", var g]:
                {
                    var found = registry.Groups().FirstOrDefault(x => x.Group == g);
                    return found.Group is null ? throw ApiException.NotFoundPath() : Group(found.Group, found.Versions);
                }

            case ["apis", var g, var v]:
                return ResourceList(g, v);
            default:
                return null;
        }
    }

    // A minimal OpenAPI v3: per group-version, one PATCH operation per kind that declares the fieldValidation
    // parameter, which is all kubectl looks for before it validates server-side (no schemas are served).
    private JsonObject OpenApiIndex()
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = gv.Group.Length == 0 ? "api/" + gv.Version : $"apis/{gv.Group}/{gv.Version}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + key };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private JsonObject OpenApiGroupVersion(string group, string version)
    {
        if (!registry.HasGroupVersion(group, version))
        {
            throw ApiException.NotFoundPath();
        }

        var paths = new JsonObject();
        foreach (var t in registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var prefix = group.Length == 0 ? "/api/" + version : $"/apis/{group}/{version}";
            var path = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + t.Kind,
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = t.Kind },
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject Group(string group, IReadOnlyList<string> versions)
    {
        JsonObject Gv(string v) => new() { ["groupVersion"] = group + "/" + v, ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode?)Gv(v))]),
            ["preferredVersion"] = Gv(versions[0]),
        };
    }

    private JsonObject ResourceList(string group, string version)
    {
        if (!registry.HasGroupVersion(group, version))
        {
            throw ApiException.NotFoundPath();
        }

        var resources = new JsonArray();
        foreach (var t in registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var main = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray([.. AllVerbs.Select(v => (JsonNode?)JsonValue.Create(v))]),
            };
            if (t.ShortNames.Count > 0)
            {
                main["shortNames"] = new JsonArray([.. t.ShortNames.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }

            if (t.Categories.Count > 0)
            {
                main["categories"] = new JsonArray([.. t.Categories.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }

            resources.Add(main);
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray([.. SubVerbs.Select(v => (JsonNode?)JsonValue.Create(v))]),
                });
            }

            if (t.Scale is not null)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/scale",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = t.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = new JsonArray([.. SubVerbs.Select(v => (JsonNode?)JsonValue.Create(v))]),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }
}
