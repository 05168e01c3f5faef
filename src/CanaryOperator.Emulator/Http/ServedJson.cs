using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// Writes a stored object as a requested version serves it — its apiVersion and kind replaced by the served type's —
/// without changing or copying it: stored objects are shared (see <see cref="ObjectStore"/>), so the old way (copy, set
/// apiVersion and kind, serialize) cost a full copy per answer and per watch event. The output is byte for byte what
/// <c>ApiHandler.Out</c> on a copy followed by <c>ToJsonString(ApiResponse.Wire)</c> gives: the two fields keep their
/// place when present and are appended (apiVersion first) when absent.
/// </summary>
internal static class ServedJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ApiResponse.Wire.Encoder };

    public static void Write(Utf8JsonWriter writer, JsonObject obj, ResourceType type)
    {
        var wroteApiVersion = false;
        var wroteKind = false;
        writer.WriteStartObject();
        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case "apiVersion":
                    writer.WriteString(name, type.ApiVersion);
                    wroteApiVersion = true;
                    break;
                case "kind":
                    writer.WriteString(name, type.Kind);
                    wroteKind = true;
                    break;
                default:
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer, ApiResponse.Wire);
                    }

                    break;
            }
        }

        if (!wroteApiVersion)
        {
            writer.WriteString("apiVersion", type.ApiVersion);
        }

        if (!wroteKind)
        {
            writer.WriteString("kind", type.Kind);
        }

        writer.WriteEndObject();
    }

    public static byte[] Bytes(JsonObject obj, ResourceType type) => Build(writer => Write(writer, obj, type));

    /// <summary>JSON written by <paramref name="write"/> with the wire options (<see cref="ApiResponse.Wire"/>).</summary>
    public static byte[] Build(Action<Utf8JsonWriter> write) => Written(write).WrittenSpan.ToArray();

    /// <summary>JSON written by <paramref name="write"/>, then a newline: one line of a watch stream.</summary>
    public static ReadOnlyMemory<byte> Line(Action<Utf8JsonWriter> write)
    {
        var buffer = Written(write);
        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    private static ArrayBufferWriter<byte> Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer;
    }

    /// <summary>Writes already serialized JSON as the value of the current property or array element.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, byte[] json) => writer.WriteRawValue(json, skipInputValidation: true);
}
