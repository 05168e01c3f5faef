using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// The field schema of built-in kinds, taken from KubernetesClient's typed models (each carries a
/// <see cref="KubernetesEntityAttribute"/> with its group, version and kind): walks a JSON object against the model's
/// JSON contract and reports every field the model does not declare, and scalars of the wrong JSON type. This is what
/// <c>fieldValidation=Strict</c> needs; the models are generated from the Kubernetes OpenAPI, so their fields are the
/// API's fields.
/// </summary>
internal static class TypedModelFields
{
    // Contract metadata only (names and member types); the default resolver honours the models' [JsonPropertyName].
    private static readonly JsonSerializerOptions Contract = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly Lazy<IReadOnlyDictionary<(string Group, string Version, string Kind), Type>> Models = new(FindModels);
    private static readonly ConcurrentDictionary<Type, JsonTypeInfo> TypeInfos = new();

    /// <summary>The typed model of a built-in kind, or null when KubernetesClient has none.</summary>
    public static Type? ModelOf(string group, string version, string kind) =>
        Models.Value.TryGetValue((group, version, kind), out var type) ? type : null;

    /// <summary>Field errors of <paramref name="node"/> against <paramref name="model"/>; <paramref name="path"/> prefixes them.</summary>
    public static void Check(JsonNode? node, Type model, string path, FieldErrors errors)
    {
        if (node is null)
        {
            return;
        }

        var type = Nullable.GetUnderlyingType(model) ?? model;
        var info = TypeInfos.GetOrAdd(type, t => Contract.GetTypeInfo(t));
        switch (node)
        {
            case JsonObject obj when info.Kind == JsonTypeInfoKind.Object:
                foreach (var (key, value) in obj)
                {
                    var property = info.Properties.FirstOrDefault(p => p.Name == key);
                    if (property is null)
                    {
                        errors.Unknown(Join(path, key));
                    }
                    else
                    {
                        Check(value, property.PropertyType, Join(path, key), errors);
                    }
                }

                break;
            case JsonObject obj when info.Kind == JsonTypeInfoKind.Dictionary:
                foreach (var (key, value) in obj)
                {
                    Check(value, info.ElementType!, Join(path, key), errors);
                }

                break;
            case JsonArray array when info.Kind == JsonTypeInfoKind.Enumerable:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], info.ElementType!, $"{path}[{i}]", errors);
                }

                break;
            case JsonValue value:
                CheckScalar(value, type, path, errors);
                break;
            default:
                // object/JsonElement members (free-form fields such as a CRD schema's default) take anything.
                if (info.Kind != JsonTypeInfoKind.None || !IsFreeForm(type))
                {
                    errors.WrongType(path, Describe(info.Kind, type), node.GetValueKind());
                }

                break;
        }
    }

    private static void CheckScalar(JsonValue value, Type type, string path, FieldErrors errors)
    {
        var kind = value.GetValueKind();
        var ok = type switch
        {
            _ when type == typeof(string) => kind == JsonValueKind.String,
            _ when type == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) => kind == JsonValueKind.Number,
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => kind == JsonValueKind.String,

            // IntOrString and Quantity take a number or a string; byte[] is base64 text.
            _ when type == typeof(IntOrString) || type == typeof(ResourceQuantity) => kind is JsonValueKind.String or JsonValueKind.Number,
            _ when type == typeof(byte[]) => kind == JsonValueKind.String,
            _ => IsFreeForm(type),
        };
        if (!ok)
        {
            errors.WrongType(path, Describe(TypeInfos.GetOrAdd(type, t => Contract.GetTypeInfo(t)).Kind, type), kind);
        }
    }

    private static bool IsFreeForm(Type type) => type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode);

    private static string Describe(JsonTypeInfoKind kind, Type type) => kind switch
    {
        JsonTypeInfoKind.Object => "object",
        JsonTypeInfoKind.Dictionary => "object",
        JsonTypeInfoKind.Enumerable => "array",
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "boolean",
        _ => "number",
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static IReadOnlyDictionary<(string, string, string), Type> FindModels()
    {
        var models = new Dictionary<(string, string, string), Type>();
        foreach (var type in typeof(V1Deployment).Assembly.GetExportedTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind.Length: > 0 } entity && !type.Name.EndsWith("List", StringComparison.Ordinal))
            {
                models.TryAdd((entity.Group ?? string.Empty, entity.ApiVersion, entity.Kind), type);
            }
        }

        return models;
    }
}
