using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryOperator.Emulator.Http;
using CanaryOperator.Emulator.Selection;

namespace CanaryOperator.Emulator.Storage;

/// <summary>
/// What kube-apiserver's registry strategies do on create and update: defaults, status handling with a status
/// subresource, generation bumps on spec changes only, immutable fields, and the validations callers rely on.
/// </summary>
public static partial class WriteRules
{
    public const int MaxAnnotationBytes = 262_144;
    private static int _nextServiceIp = 10;

    /// <summary>Prepares an object for creation (the store then adds uid, creationTimestamp and resourceVersion).</summary>
    public static JsonObject PrepareCreate(ResourceType type, JsonObject obj, string? ns)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var meta = Obj.Metadata(obj);
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }

        foreach (var f in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink" })
        {
            meta.Remove(f);
        }

        meta["generation"] = 1;
        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        ValidateCommon(type, obj);
        ApplyDefaults(type, obj);
        ValidateKind(type, obj);
        return obj;
    }

    /// <summary>
    /// Merges a requested update with the stored object per the subresource rules and validates it. Takes
    /// <paramref name="requested"/> (a new object the caller does not use afterwards: it becomes, or gives its parts to,
    /// the result) and only reads <paramref name="old"/> (the stored instance, shared).
    /// </summary>
    public static JsonObject PrepareUpdate(ResourceType type, JsonObject old, JsonObject requested, string? subresource)
    {
        JsonObject result;
        if (subresource == "status")
        {
            return StatusOnly(old, requested);
        }

        result = requested;
        result["apiVersion"] = type.ApiVersion;
        result["kind"] = type.Kind;
        if (type.HasStatus)
        {
            if (old["status"] is { } oldStatus)
            {
                result["status"] = oldStatus.DeepClone();
            }
            else
            {
                result.Remove("status");
            }
        }

        var meta = Obj.Metadata(result);
        var oldMeta = Obj.Metadata(old);
        foreach (var f in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name" })
        {
            if (oldMeta[f] is { } v)
            {
                meta[f] = v.DeepClone();
            }
            else
            {
                meta.Remove(f);
            }
        }

        meta.Remove("managedFields");
        var generation = Obj.Generation(old);
        if (!Obj.SameSpecPart(old, result))
        {
            generation++;
        }

        meta["generation"] = generation;
        foreach (var path in type.ImmutablePaths)
        {
            if (!JsonNode.DeepEquals(Obj.GetPath(old, path), Obj.GetPath(result, path)))
            {
                throw ApiException.Invalid(
                    KindQualified(type), Obj.Name(old) ?? string.Empty,
                    $"{path}: Invalid value: {Obj.GetPath(result, path)?.ToJsonString() ?? "null"}: field is immutable");
            }
        }

        ValidateCommon(type, result);
        ApplyDefaults(type, result);
        ValidateKind(type, result);
        return result;
    }

    /// <summary>
    /// A status write keeps everything of the stored object but its status. The requested object is nearly always the
    /// stored one with a new status (a status patch applied to it), so its other fields are kept where they are equal to
    /// the stored ones and only the ones that differ are copied back from the stored object — instead of copying the whole
    /// stored object again.
    /// </summary>
    private static JsonObject StatusOnly(JsonObject old, JsonObject requested)
    {
        foreach (var name in requested.Select(p => p.Key).Where(name => name != "status" && !old.ContainsKey(name)).ToList())
        {
            requested.Remove(name);
        }

        foreach (var (name, value) in old)
        {
            if (name != "status" && (!requested.TryGetPropertyValue(name, out var asked) || !JsonNode.DeepEquals(value, asked)))
            {
                requested[name] = value?.DeepClone();
            }
        }

        return requested;
    }

    /// <summary>"Deployment.apps" style name used in Invalid messages.</summary>
    public static string KindQualified(ResourceType type) => type.Group.Length == 0 ? type.Kind : type.Kind + "." + type.Group;

    private static void ValidateCommon(ResourceType type, JsonObject obj)
    {
        var name = Obj.Name(obj) ?? string.Empty;
        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            throw ApiException.Invalid(KindQualified(type), name,
                $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        }

        if (obj["metadata"]?["annotations"] is JsonObject annotations)
        {
            var size = annotations.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(Obj.Str(kv.Value) ?? string.Empty));
            if (size > MaxAnnotationBytes)
            {
                throw ApiException.Invalid(KindQualified(type), name, $"metadata.annotations: Too long: may not be more than {MaxAnnotationBytes} bytes");
            }
        }
    }

    private static void ValidateKind(ResourceType type, JsonObject obj)
    {
        if (type.Group == "apps" && type.Kind is "Deployment" or "ReplicaSet")
        {
            var name = Obj.Name(obj) ?? string.Empty;
            if (obj["spec"]?["selector"] is not JsonObject selectorObject)
            {
                throw ApiException.Invalid(KindQualified(type), name, "spec.selector: Required value");
            }

            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromObject(selectorObject);
            }
            catch (FormatException e)
            {
                throw ApiException.Invalid(KindQualified(type), name, "spec.selector: Invalid value: " + e.Message);
            }

            var labels = Obj.StringMap(obj["spec"]?["template"]?["metadata"]?["labels"]);
            if (selector.IsEmpty || !selector.Matches(labels))
            {
                throw ApiException.Invalid(KindQualified(type), name,
                    "spec.template.metadata.labels: Invalid value: " + (obj["spec"]?["template"]?["metadata"]?["labels"]?.ToJsonString() ?? "null")
                    + ": `selector` does not match template `labels`");
            }

            if (Obj.Long(obj["spec"]?["replicas"]) is < 0)
            {
                throw ApiException.Invalid(KindQualified(type), name, "spec.replicas: Invalid value: must be greater than or equal to 0");
            }
        }
    }

    private static void ApplyDefaults(ResourceType type, JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        switch ((type.Group, type.Kind))
        {
            case ("", "Namespace"):
                Obj.Metadata(obj)["labels"] ??= new JsonObject();
                ((JsonObject)Obj.Metadata(obj)["labels"]!)["kubernetes.io/metadata.name"] = Obj.Name(obj);
                obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] ??= new JsonObject { ["phase"] = "Active" };
                break;
            case ("", "Service"):
                spec ??= new JsonObject();
                obj["spec"] = spec;
                spec["type"] ??= "ClusterIP";
                spec["sessionAffinity"] ??= "None";
                if (Obj.Str(spec["type"]) != "ExternalName" && spec["clusterIP"] is null)
                {
                    var n = Interlocked.Increment(ref _nextServiceIp);
                    var ip = string.Create(CultureInfo.InvariantCulture, $"10.96.{n / 250 % 250}.{(n % 250) + 1}");
                    spec["clusterIP"] = ip;
                    spec["clusterIPs"] = new JsonArray(ip);
                }

                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                    port["targetPort"] ??= port["port"]?.DeepClone();
                }

                obj["status"] ??= new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
            case ("", "Pod"):
                obj["status"] ??= new JsonObject { ["phase"] = "Pending" };
                break;
            case ("apps", "Deployment"):
                spec ??= new JsonObject();
                obj["spec"] = spec;
                spec["replicas"] ??= 1;
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                spec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
                };
                break;
            case ("apps", "ReplicaSet"):
                spec ??= new JsonObject();
                obj["spec"] = spec;
                spec["replicas"] ??= 1;
                break;
            case ("apiextensions.k8s.io", "CustomResourceDefinition"):
                obj["status"] = CrdStatus(obj);
                break;
        }
    }

    private static JsonObject CrdStatus(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var storage = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]?.DeepClone();
        var now = "1970-01-01T00:00:00Z";
        return new JsonObject
        {
            ["acceptedNames"] = spec["names"]?.DeepClone() ?? new JsonObject(),
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found", ["lastTransitionTime"] = now },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted", ["lastTransitionTime"] = now }),
            ["storedVersions"] = storage is null ? new JsonArray() : new JsonArray(storage),
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
