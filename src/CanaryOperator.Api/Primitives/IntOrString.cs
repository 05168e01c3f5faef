using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CanaryOperator.Api.Primitives;

/// <summary>
/// A Kubernetes int-or-string that remembers which of the two it was written as.
/// KubernetesClient's own IntOrString keeps only a string, but Argo Rollouts gives the two different
/// meanings (<c>maxSurge: 25</c> is 25 pods, <c>maxSurge: "25"</c> is 25 %), so the kind must survive.
/// </summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int intValue, string? stringValue)
    {
        IntValue = intValue;
        StringValue = stringValue;
    }

    /// <summary>The integer, when <see cref="IsString"/> is false.</summary>
    public int IntValue { get; }

    /// <summary>The string, when <see cref="IsString"/> is true.</summary>
    public string? StringValue { get; }

    public bool IsString => StringValue is not null;

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator IntOrString(int value) => FromInt(value);

    public static implicit operator IntOrString(string value) => FromString(value);

    public override string ToString() => IsString ? StringValue! : IntValue.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads a JSON number as the int form and a JSON string as the string form.</summary>
public sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var i) => IntOrString.FromInt(i),
            JsonTokenType.Number => throw new JsonException("int-or-string number is not a 32-bit integer"),
            JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
            _ => throw new JsonException($"expected a number or a string, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.IsString)
        {
            writer.WriteStringValue(value.StringValue);
        }
        else
        {
            writer.WriteNumberValue(value.IntValue);
        }
    }
}
