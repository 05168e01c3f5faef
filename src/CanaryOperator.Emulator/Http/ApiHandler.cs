using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Diagnostics;
using CanaryOperator.Emulator.Patching;
using CanaryOperator.Emulator.Selection;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// The REST front door shared by Kestrel and the in-process handler: fault injection, routing, the verbs,
/// subresources and the audit record of every request.
/// </summary>
public sealed class ApiHandler
{
    private const string JsonPatchType = "application/json-patch+json";
    private const string MergePatchType = "application/merge-patch+json";
    private const string StrategicPatchType = "application/strategic-merge-patch+json";
    private const string ApplyPatchType = "application/apply-patch+yaml";

    private readonly ResourceRegistry _registry;
    private readonly ObjectStore _store;
    private readonly Discovery _discovery;
    private readonly AuditLog _audit;
    private readonly FaultInjector _faults;
    private readonly WatchStreamer _watches;
    private readonly TimeProvider _clock;
    private readonly StrictFieldValidation _strict;

    internal ApiHandler(ResourceRegistry registry, ObjectStore store, Discovery discovery, AuditLog audit, FaultInjector faults, WatchStreamer watches, TimeProvider clock)
    {
        _registry = registry;
        _store = store;
        _discovery = discovery;
        _audit = audit;
        _faults = faults;
        _watches = watches;
        _clock = clock;
        _strict = new StrictFieldValidation(store);
    }

    /// <summary>Serves one request.</summary>
    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ResourcePath? target = null;
        var verb = request.Method.ToUpperInvariant() switch { "GET" => "get", "POST" => "create", "PUT" => "update", "PATCH" => "patch", "DELETE" => "delete", _ => request.Method.ToLowerInvariant() };
        ApiResponse response;
        try
        {
            target = ResourcePath.Parse(request.Path, _registry);
            verb = Verb(request, target);
            if (_faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_faults.Latency, cancellationToken).ConfigureAwait(false);
            }

            var fault = _faults.Match(verb, target?.Type.Plural, target?.Subresource, target?.Namespace, target?.Name);
            if (fault is not null)
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, cancellationToken).ConfigureAwait(false);
                }

                response = fault.Kind switch
                {
                    FaultKind.Latency => Dispatch(request, target, verb),
                    FaultKind.Timeout => ApiResponse.Error(new ApiException(504, "Timeout", "Timeout: request did not complete within the allotted timeout (injected)")),
                    _ => ApiResponse.Error(Injected(fault)),
                };
            }
            else
            {
                response = Dispatch(request, target, verb);
            }
        }
        catch (ApiException e)
        {
            response = ApiResponse.Error(e);
        }

        _audit.Record(seq => new AuditEntry(
            seq, _clock.GetUtcNow(), verb, request.Method, request.Path,
            string.Join("&", request.Query.Select(kv => kv.Key + "=" + kv.Value)),
            request.ContentType, response.StatusCode, target?.Type.Plural, target?.Subresource, target?.Namespace, target?.Name, request.UserAgent));
        return response;
    }

    private static string Verb(ApiRequest request, ResourcePath? target)
    {
        var method = request.Method.ToUpperInvariant();
        if (target is null)
        {
            return method == "GET" ? "get" : method.ToLowerInvariant();
        }

        return method switch
        {
            "GET" when target.Name is null => IsWatch(request) ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when target.Name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
    }

    private static bool IsWatch(ApiRequest request) => request.Q("watch") is "true" or "1" or "True";

    private static ApiException Injected(FaultRule fault)
    {
        var reason = fault.StatusCode switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            409 => "Conflict",
            410 => "Expired",
            422 => "Invalid",
            429 => "TooManyRequests",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "InternalError",
        };
        JsonObject? details = fault.RetryAfterSeconds is { } s ? new JsonObject { ["retryAfterSeconds"] = s } : null;
        return new ApiException(fault.StatusCode, reason, $"injected fault: {reason}", details);
    }

    private ApiResponse Dispatch(ApiRequest request, ResourcePath? target, string verb)
    {
        if (target is null)
        {
            return NonResource(request);
        }

        if (target.Namespace is not null && verb == "create" && !_store.Exists("namespaces", null, target.Namespace))
        {
            throw ApiException.NotFound("namespaces", target.Namespace);
        }

        var eviction = target.Subresource == "eviction" && target.Type.Group.Length == 0 && target.Type.Plural == "pods";
        if (target.Subresource is not null && target.Subresource != "status" && (target.Subresource != "scale" || target.Type.Scale is null) && !eviction)
        {
            throw ApiException.NotFoundPath();
        }

        if (target.Subresource == "status" && !target.Type.HasStatus)
        {
            throw ApiException.NotFoundPath();
        }

        return verb switch
        {
            "get" when target.Subresource == "scale" => ApiResponse.Json(Scale.ToScale(target.Type, Load(target))),
            "get" => ApiResponse.Served(Load(target), target.Type),
            "list" => List(request, target),
            "watch" => _watches.Start(request, target),
            "create" when eviction && target.Name is not null => PodEviction.Evict(_store, target, ParseObject(request, null), IsDryRun(request)),
            "create" when target.Name is null => Create(request, target),
            "update" when target.Name is not null => Update(request, target),
            "patch" when target.Name is not null => Patch(request, target),
            "delete" when target.Subresource is null => Delete(request, target),
            "deletecollection" => DeleteCollection(request, target),
            _ => throw ApiException.MethodNotAllowed(verb),
        };
    }

    private ApiResponse NonResource(ApiRequest request)
    {
        var path = request.Path.TrimEnd('/');
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            return ApiResponse.Text("ok");
        }

        if (request.Method.ToUpperInvariant() != "GET")
        {
            throw ApiException.NotFoundPath();
        }

        var doc = _discovery.Answer(path) ?? throw ApiException.NotFoundPath();
        return ApiResponse.Json(doc);
    }

    // The stored instance: only read (serialized, or turned into a Scale).
    private JsonObject Load(ResourcePath target) =>
        _store.GetShared(target.Type.StorageKey, target.Namespace, target.Name!)
        ?? throw ApiException.NotFound(target.Type.GroupResource, target.Name!);

    /// <summary>The stored object as the requested version serves it.</summary>
    internal static JsonObject Out(ResourceType type, JsonObject obj)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    private ApiResponse List(ApiRequest request, ResourcePath target)
    {
        var (labels, fields) = Selectors(request, target.Type);
        string? afterKey = null;
        if (request.Q("continue") is { Length: > 0 } token)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }

            var bar = after.IndexOf('|', StringComparison.Ordinal);
            var tokenRv = bar > 0 && long.TryParse(after[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 0;
            if (tokenRv < _store.CompactedResourceVersion)
            {
                throw ApiException.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.");
            }

            afterKey = after[(bar + 1)..];
        }

        int? limit = request.Q("limit") is { } limitText && int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : null;
        // The stored instances, serialized outside the store's lock without copies (they never change once stored).
        var page = _store.ListPageShared(target.Type.StorageKey, target.Namespace, o => labels.Matches(o) && fields.Matches(o), afterKey, limit);
        var meta = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.LastKey is { } lastKey)
        {
            meta["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page.ResourceVersion.ToString(CultureInfo.InvariantCulture) + "|" + lastKey));
            meta["remainingItemCount"] = page.Remaining;
        }

        var body = ServedJson.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("kind", target.Type.ListKind);
            writer.WriteString("apiVersion", target.Type.ApiVersion);
            writer.WritePropertyName("metadata");
            meta.WriteTo(writer, ApiResponse.Wire);
            writer.WriteStartArray("items");
            foreach (var item in page.Items)
            {
                ServedJson.Write(writer, item, target.Type);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return new ApiResponse { Body = body };
    }

    internal static (LabelSelector Labels, FieldSelector Fields) Selectors(ApiRequest request, ResourceType type)
    {
        try
        {
            return (LabelSelector.Parse(request.Q("labelSelector")), FieldSelector.Parse(request.Q("fieldSelector"), type));
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest("unable to parse requirement: " + e.Message);
        }
    }

    private ApiResponse Create(ApiRequest request, ResourcePath target)
    {
        if (target.Subresource is not null)
        {
            throw ApiException.MethodNotAllowed("create");
        }

        var obj = ParseObject(request, target.Type);
        var meta = Obj.Metadata(obj);
        if (target.Type.Namespaced)
        {
            var bodyNs = Obj.Namespace(obj);
            if (bodyNs is { Length: > 0 } && bodyNs != target.Namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            if (target.Namespace is null)
            {
                throw ApiException.NotFoundPath();
            }
        }

        if (Obj.Name(obj) is not { Length: > 0 })
        {
            if (Obj.Str(meta["generateName"]) is { Length: > 0 } prefix)
            {
                meta["name"] = prefix + RandomSuffix();
            }
            else
            {
                throw ApiException.Invalid(WriteRules.KindQualified(target.Type), string.Empty, "metadata.name: Required value: name or generateName is required");
            }
        }

        if (StrictFieldValidation.Requested(request))
        {
            _strict.Check(target.Type, obj);
        }

        if (IsDryRun(request))
        {
            return ApiResponse.Served(DryRunCreate(target.Type, obj, target.Namespace), target.Type, 201);
        }

        return ApiResponse.Served(CreateObject(target.Type, obj, target.Namespace), target.Type, 201);
    }

    /// <summary>What a create would store (defaults, uid, timestamps), without storing it.</summary>
    private JsonObject DryRunCreate(ResourceType type, JsonObject obj, string? ns)
    {
        var prepared = WriteRules.PrepareCreate(type, obj, ns);
        if (_store.Exists(type.StorageKey, ns, Obj.Name(prepared)!))
        {
            throw ApiException.AlreadyExists(type.GroupResource, Obj.Name(prepared)!);
        }

        return prepared;
    }

    /// <summary>Creates an object through the write rules (also used for namespaces); returns the stored instance (read only).</summary>
    internal JsonObject CreateObject(ResourceType type, JsonObject obj, string? ns)
    {
        var prepared = WriteRules.PrepareCreate(type, obj, ns);
        try
        {
            return _store.CreateShared(type.StorageKey, prepared);
        }
        catch (InvalidOperationException)
        {
            throw ApiException.AlreadyExists(type.GroupResource, Obj.Name(prepared)!);
        }
    }

    private ApiResponse Update(ApiRequest request, ResourcePath target)
    {
        var body = ParseObject(request, target.Subresource == "scale" ? null : target.Type);
        if (Obj.Name(body) is { } bodyName && bodyName != target.Name)
        {
            throw ApiException.BadRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + target.Name + ")");
        }

        if (target.Subresource == "scale")
        {
            return ApiResponse.Json(WriteScale(target, _ => body, IsDryRun(request)));
        }

        // A copy per attempt: the write rules take the object they are given, and the attempt may run again (see Write).
        var result = Write(target, current => (JsonObject)body.DeepClone(), requireResourceVersionMatch: true, dryRun: IsDryRun(request), validate: Validator(request, target.Type));
        return ApiResponse.Served(result, target.Type);
    }

    /// <summary>The strict field check a write must pass, or null when the request did not ask for one.</summary>
    private Action<JsonObject>? Validator(ApiRequest request, ResourceType type) =>
        StrictFieldValidation.Requested(request) ? obj => _strict.Check(type, obj) : null;

    /// <summary>
    /// The update path for PUT and PATCH: computes the requested object from the current one, checks the
    /// resourceVersion precondition, applies the subresource rules, stores it (a no-op when nothing changed).
    /// <paramref name="requested"/> gets the stored instance: it must not change it and must return a new object (the
    /// patches copy, PUT copies its body). It runs outside the store's lock and runs again when another write to the
    /// object came in between (<see cref="ObjectStore.UpdateShared"/>), so it must not change anything else either.
    /// Returns the stored instance after the write (read only), or the preview of a dry run.
    /// </summary>
    private JsonObject Write(ResourcePath target, Func<JsonObject, JsonObject> requested, bool requireResourceVersionMatch, bool dryRun = false, Action<JsonObject>? validate = null)
    {
        try
        {
            JsonObject? preview = null;
            var result = _store.UpdateShared(target.Type.StorageKey, target.Namespace, target.Name!, current =>
            {
                var desired = requested(current);
                validate?.Invoke(desired);
                var wantRv = Obj.ResourceVersion(desired);
                if (wantRv is { Length: > 0 } && wantRv != Obj.ResourceVersion(current) && requireResourceVersionMatch)
                {
                    throw ApiException.Conflict(target.Type.GroupResource, target.Name!);
                }

                var next = WriteRules.PrepareUpdate(target.Type, current, desired, target.Subresource);
                if (dryRun)
                {
                    preview = next;
                    return current;
                }

                return next;
            });
            return preview ?? result;
        }
        catch (KeyNotFoundException)
        {
            throw ApiException.NotFound(target.Type.GroupResource, target.Name!);
        }
    }

    private JsonObject WriteScale(ResourcePath target, Func<JsonObject, JsonObject> requestedScale, bool dryRun)
    {
        var type = target.Type;
        var result = Write(target with { Subresource = null }, current =>
        {
            var scale = requestedScale(Scale.ToScale(type, current));
            var wantRv = Obj.ResourceVersion(scale);
            if (wantRv is { Length: > 0 } && wantRv != Obj.ResourceVersion(current))
            {
                throw ApiException.Conflict(type.GroupResource, target.Name!);
            }

            var replicas = Obj.Long(scale["spec"]?["replicas"]);
            if (replicas is null or < 0)
            {
                throw ApiException.Invalid("Scale.autoscaling", target.Name!, "spec.replicas: Invalid value: must be greater than or equal to 0");
            }

            var scaled = (JsonObject)current.DeepClone();
            Obj.SetPath(scaled, type.Scale!.SpecReplicasPath, replicas.Value);
            Obj.Metadata(scaled).Remove("resourceVersion");
            return scaled;
        }, requireResourceVersionMatch: false, dryRun: dryRun);
        return Scale.ToScale(type, result);
    }

    private ApiResponse Patch(ApiRequest request, ResourcePath target)
    {
        var contentType = MediaType(request.ContentType);
        var isScale = target.Subresource == "scale";
        var accepted = target.Type.SupportsStrategicMerge || isScale
            ? new[] { JsonPatchType, MergePatchType, StrategicPatchType, ApplyPatchType }
            : [JsonPatchType, MergePatchType, ApplyPatchType];
        if (!accepted.Contains(contentType))
        {
            throw ApiException.UnsupportedMediaType(accepted);
        }

        if (contentType == ApplyPatchType)
        {
            return Apply(request, target);
        }

        var patch = ParseJson(request.Body);
        Func<JsonObject, JsonObject> apply = current =>
        {
            try
            {
                var patched = contentType switch
                {
                    JsonPatchType => JsonPatch.Apply(current, patch),
                    MergePatchType => patch is JsonObject ? JsonMergePatch.Apply(current, patch) : throw new PatchException("merge patch must be a JSON object", malformed: true),
                    _ => StrategicMergePatch.Apply(current, patch),
                };
                return patched as JsonObject ?? throw new PatchException("patch result is not an object");
            }
            catch (PatchException e) when (e.Malformed)
            {
                throw ApiException.BadRequest(e.Message);
            }
            catch (PatchException e)
            {
                throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: " + e.Message);
            }
        };

        if (isScale)
        {
            return ApiResponse.Json(WriteScale(target, apply, IsDryRun(request)));
        }

        var result = Write(target, apply, requireResourceVersionMatch: true, dryRun: IsDryRun(request), validate: Validator(request, target.Type));
        return ApiResponse.Served(result, target.Type);
    }

    // Server-side apply, approximated: create when absent, otherwise merge the applied configuration into the live
    // object (objects merge, lists and scalars replace); field ownership and conflicts are not modelled.
    private ApiResponse Apply(ApiRequest request, ResourcePath target)
    {
        JsonObject applied;
        try
        {
            applied = YamlToJson.Parse(Encoding.UTF8.GetString(request.Body)) as JsonObject
                ?? throw new FormatException("the applied configuration is not an object");
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest("error decoding YAML: " + e.Message);
        }

        if (target.Subresource != "scale" && StrictFieldValidation.Requested(request))
        {
            _strict.Check(target.Type, applied);
        }

        var dryRun = IsDryRun(request);
        if (target.Subresource is null && !_store.Exists(target.Type.StorageKey, target.Namespace, target.Name!))
        {
            Obj.Metadata(applied)["name"] = target.Name;
            return ApiResponse.Served(dryRun ? DryRunCreate(target.Type, applied, target.Namespace) : CreateObject(target.Type, applied, target.Namespace), target.Type, 201);
        }

        Func<JsonObject, JsonObject> merge = current =>
        {
            Obj.Metadata(applied).Remove("resourceVersion");
            return (JsonObject)JsonMergePatch.Apply(current, applied)!;
        };
        if (target.Subresource == "scale")
        {
            return ApiResponse.Json(WriteScale(target, merge, dryRun));
        }

        return ApiResponse.Served(Write(target, merge, requireResourceVersionMatch: true, dryRun: dryRun), target.Type);
    }

    private ApiResponse Delete(ApiRequest request, ResourcePath target)
    {
        string? propagation = request.Q("propagationPolicy");
        string? precondUid = null;
        string? precondRv = null;
        if (request.Body.Length > 0)
        {
            if (ParseJson(request.Body) is JsonObject options)
            {
                propagation = Obj.Str(options["propagationPolicy"]) ?? propagation;
                if (options["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var o))
                {
                    propagation ??= o ? "Orphan" : "Background";
                }

                precondUid = Obj.Str(options["preconditions"]?["uid"]);
                precondRv = Obj.Str(options["preconditions"]?["resourceVersion"]);
            }
        }

        if (propagation is not null and not ("Orphan" or "Background" or "Foreground"))
        {
            throw ApiException.Invalid("DeleteOptions", target.Name!, $"propagationPolicy: Unsupported value: \"{propagation}\"");
        }

        if (target.Type.Kind == "Namespace" && target.Type.Group.Length == 0)
        {
            DeleteNamespaceContents(target.Name!);
        }

        try
        {
            var (obj, removed) = _store.Delete(target.Type.StorageKey, target.Namespace, target.Name!, propagation, current =>
                (precondUid is null || precondUid == Obj.Uid(current)) && (precondRv is null || precondRv == Obj.ResourceVersion(current)));
            if (removed && !target.Type.IsCustom)
            {
                return ApiResponse.Json(ApiException.SuccessStatus(target.Name!, target.Type.Group, target.Type.Plural, Obj.Uid(obj)));
            }

            return ApiResponse.Json(Out(target.Type, obj));
        }
        catch (KeyNotFoundException)
        {
            throw ApiException.NotFound(target.Type.GroupResource, target.Name!);
        }
        catch (InvalidOperationException)
        {
            throw ApiException.Conflict(target.Type.GroupResource, target.Name!);
        }
    }

    private void DeleteNamespaceContents(string ns)
    {
        foreach (var type in _registry.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey))
        {
            foreach (var obj in _store.List(type.StorageKey, ns).Items)
            {
                try
                {
                    _store.Delete(type.StorageKey, ns, Obj.Name(obj)!, "Background");
                }
                catch (KeyNotFoundException)
                {
                    // already collected
                }
            }
        }
    }

    private ApiResponse DeleteCollection(ApiRequest request, ResourcePath target)
    {
        var (labels, fields) = Selectors(request, target.Type);
        var deleted = new JsonArray();
        foreach (var obj in _store.List(target.Type.StorageKey, target.Namespace).Items.Where(o => labels.Matches(o) && fields.Matches(o)))
        {
            try
            {
                var (after, _) = _store.Delete(target.Type.StorageKey, Obj.Namespace(obj), Obj.Name(obj)!, request.Q("propagationPolicy"));
                deleted.Add(Out(target.Type, after));
            }
            catch (KeyNotFoundException)
            {
                // raced with garbage collection
            }
        }

        return ApiResponse.Json(new JsonObject
        {
            ["kind"] = target.Type.ListKind,
            ["apiVersion"] = target.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        });
    }

    // dryRun=All: validate and admit, store nothing, answer with the object that would have been stored.
    private static bool IsDryRun(ApiRequest request) => request.Q("dryRun") switch
    {
        null or "" => false,
        "All" => true,
        var other => throw ApiException.BadRequest($"Invalid dryRun value: \"{other}\": supported values: \"All\""),
    };

    private static string MediaType(string contentType)
    {
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }

    private static JsonObject ParseObject(ApiRequest request, ResourceType? type)
    {
        var media = MediaType(request.ContentType);
        if (media.Length > 0 && media != "application/json" && media != "*/*")
        {
            throw ApiException.UnsupportedMediaType(["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]);
        }

        if (ParseJson(request.Body) is not JsonObject obj)
        {
            throw ApiException.BadRequest("the object provided is not a JSON object");
        }

        if (type is not null)
        {
            var kind = Obj.Str(obj["kind"]);
            if (kind is { Length: > 0 } && kind != type.Kind)
            {
                throw ApiException.BadRequest($"the API version in the data ({Obj.Str(obj["apiVersion"])}) does not match the expected API version ({type.ApiVersion})");
            }
        }

        return obj;
    }

    private static JsonNode? ParseJson(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("error decoding request body: " + e.Message);
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }
}
