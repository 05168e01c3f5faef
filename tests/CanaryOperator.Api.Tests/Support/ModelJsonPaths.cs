using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>What JSON a model property holds, in CRD schema terms.</summary>
public enum ModelFieldKind
{
    Object,
    Array,
    Map,
    String,
    Integer32,
    Integer64,
    Boolean,
    DateTime,
    IntOrString,

    /// <summary>A <see cref="JsonElement"/>: kept verbatim, the CRD must preserve it.</summary>
    Opaque,

    /// <summary>A KubernetesClient type this project does not own (ObjectMeta, PodTemplateSpec, ...).</summary>
    External,
}

/// <summary>One JSON path of the model, e.g. <c>spec.strategy.canary.steps[].pause.duration</c>.</summary>
public sealed record ModelField(string Path, ModelFieldKind Kind, Type ClrType);

/// <summary>
/// Reflects over <c>[JsonPropertyName]</c> properties from a root type down, giving every JSON path the model
/// reads and writes. Lists add <c>[]</c>, string-keyed dictionaries <c>{}</c>; <c>[JsonExtensionData]</c> is
/// skipped (it is the catch-all, not a field). Types outside this project's assembly are leaves unless listed
/// in <c>descendInto</c>.
/// </summary>
public static class ModelJsonPaths
{
    public static IReadOnlyList<ModelField> Walk(Type root, params Type[] descendInto)
    {
        var result = new List<ModelField>();
        WalkType(root, "", result, [.. descendInto], []);
        return result;
    }

    private static void WalkType(Type type, string prefix, List<ModelField> result, HashSet<Type> descendInto, HashSet<Type> visiting)
    {
        if (!visiting.Add(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name
                || property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                continue;
            }

            var path = prefix.Length == 0 ? name.Name : prefix + "." + name.Name;
            AddValue(property.PropertyType, path, property.GetCustomAttribute<JsonConverterAttribute>(), result, descendInto, visiting);
        }

        visiting.Remove(type);
    }

    private static void AddValue(Type type, string path, JsonConverterAttribute? converter, List<ModelField> result, HashSet<Type> descendInto, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var kind = KindOf(type, converter);
        result.Add(new ModelField(path, kind, type));
        switch (kind)
        {
            case ModelFieldKind.Array:
                AddValue(ElementType(type), path + "[]", null, result, descendInto, visiting);
                break;
            case ModelFieldKind.Map:
                AddValue(type.GetGenericArguments()[1], path + "{}", null, result, descendInto, visiting);
                break;
            case ModelFieldKind.Object:
            case ModelFieldKind.External when descendInto.Contains(type):
                WalkType(type, path, result, descendInto, visiting);
                break;
        }
    }

    private static ModelFieldKind KindOf(Type type, JsonConverterAttribute? converter)
    {
        if (type == typeof(string))
        {
            return ModelFieldKind.String;
        }

        if (type == typeof(int))
        {
            return ModelFieldKind.Integer32;
        }

        if (type == typeof(long))
        {
            return ModelFieldKind.Integer64;
        }

        if (type == typeof(bool))
        {
            return ModelFieldKind.Boolean;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || converter?.ConverterType == typeof(NullableRfc3339TimeConverter))
        {
            return ModelFieldKind.DateTime;
        }

        if (type == typeof(IntOrString))
        {
            return ModelFieldKind.IntOrString;
        }

        if (type == typeof(JsonElement))
        {
            return ModelFieldKind.Opaque;
        }

        if (IsStringMap(type))
        {
            return ModelFieldKind.Map;
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return ModelFieldKind.Array;
        }

        if (type.Assembly == typeof(Rollouts.Rollout).Assembly)
        {
            return ModelFieldKind.Object;
        }

        return ModelFieldKind.External;
    }

    private static bool IsStringMap(Type type) =>
        type.IsGenericType
        && type.GetGenericArguments() is [var key, _]
        && key == typeof(string)
        && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>));

    private static Type ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()!
            : type.GetInterfaces().Append(type)
                .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .GetGenericArguments()[0];
}
