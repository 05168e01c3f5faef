using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// <c>fieldValidation=Strict</c> (what <c>kubectl apply/create/patch</c> send by default): a write whose object has a
/// field its schema does not declare, or a value of the wrong type, is refused instead of the field being dropped.
/// Built-in kinds are checked against KubernetesClient's typed models, custom kinds against their CRD's
/// <c>openAPIV3Schema</c>. <c>Ignore</c> and <c>Warn</c> (and no parameter) accept the object as before.
/// </summary>
internal sealed class StrictFieldValidation(ObjectStore store)
{
    private const string CrdKey = "customresourcedefinitions.apiextensions.k8s.io";

    public static bool Requested(ApiRequest request)
    {
        var mode = request.Q("fieldValidation");
        if (mode is null or "" or "Ignore" or "Warn")
        {
            return false;
        }

        return mode == "Strict"
            ? true
            : throw ApiException.BadRequest($"fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got \"{mode}\"");
    }

    /// <summary>Throws the API's error when <paramref name="obj"/> does not fit the schema of <paramref name="type"/>.</summary>
    public void Check(ResourceType type, JsonObject obj)
    {
        var errors = new FieldErrors();
        if (type.IsCustom)
        {
            if (Schema(type) is not { } schema)
            {
                return;
            }

            CrdSchemaFields.Check(obj, schema, errors);
        }
        else
        {
            if (TypedModelFields.ModelOf(type.Group, type.Version, type.Kind) is not { } model)
            {
                return;
            }

            TypedModelFields.Check(obj, model, string.Empty, errors);
        }

        errors.ThrowIfAny(type.Kind, type.ApiVersion, Obj.Name(obj) ?? string.Empty);
    }

    private JsonObject? Schema(ResourceType type)
    {
        var crd = type.CrdName is null ? null : store.Get(CrdKey, null, type.CrdName);
        return (crd?["spec"]?["versions"] as JsonArray)?
            .OfType<JsonObject>()
            .FirstOrDefault(v => Obj.Str(v["name"]) == type.Version)?["schema"]?["openAPIV3Schema"] as JsonObject;
    }
}
