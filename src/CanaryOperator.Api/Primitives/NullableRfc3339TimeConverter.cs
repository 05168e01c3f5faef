using System.Text.Json;
using System.Text.Json.Serialization;

namespace CanaryOperator.Api.Primitives;

/// <summary>Reads and writes a nullable metav1.Time in the <see cref="Rfc3339Time"/> form.</summary>
public sealed class NullableRfc3339TimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Rfc3339Time.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(Rfc3339Time.ToText(value.Value));
        }
    }
}
