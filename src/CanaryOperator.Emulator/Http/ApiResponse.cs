using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Http;

/// <summary>A transport-neutral response: a status, a content type and either a body or a streaming writer (watches).</summary>
public sealed class ApiResponse
{
    /// <summary>Output like Go's encoding/json: quotes escaped as \", non-ASCII kept.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int StatusCode { get; init; } = 200;

    public string ContentType { get; init; } = "application/json";

    public byte[] Body { get; init; } = [];

    /// <summary>Set for streaming responses: writes (and flushes) the body until done or cancelled.</summary>
    public Func<Stream, CancellationToken, Task>? Stream { get; init; }

    public static ApiResponse Json(JsonNode node, int status = 200) =>
        new() { StatusCode = status, Body = Encoding.UTF8.GetBytes(node.ToJsonString(Wire)) };

    /// <summary>A stored object as <paramref name="type"/> serves it, serialized without copying it (see <see cref="ServedJson"/>).</summary>
    public static ApiResponse Served(JsonObject obj, Storage.ResourceType type, int status = 200) =>
        new() { StatusCode = status, Body = ServedJson.Bytes(obj, type) };

    public static ApiResponse Text(string text, int status = 200) =>
        new() { StatusCode = status, ContentType = "text/plain; charset=utf-8", Body = Encoding.UTF8.GetBytes(text) };

    public static ApiResponse Error(ApiException e) => Json(e.ToStatus(), e.Code);
}
