using System.Net;
using System.Text.Json.Nodes;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// An error the emulator answers with a <c>v1.Status</c> body, as kube-apiserver does
/// (code, reason, message and optional details).
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public static ApiException NotFound(string groupResource, string name) =>
        new(404, "NotFound", $"{groupResource} \"{name}\" not found", Detail(groupResource, name));

    public static ApiException NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(string groupResource, string name) =>
        new(409, "AlreadyExists", $"{groupResource} \"{name}\" already exists", Detail(groupResource, name));

    public static ApiException Conflict(string groupResource, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {groupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Detail(groupResource, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(string kind, string name, string message) =>
        new(422, "Invalid", $"{kind} \"{name}\" is invalid: {message}");

    public static ApiException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiException MethodNotAllowed(string verb) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb})");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>The v1.Status JSON for this error.</summary>
    public JsonObject ToStatus() => StatusJson(Code, Reason, Message, Details);

    public static JsonObject StatusJson(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (details is not null)
        {
            status["details"] = details.DeepClone();
        }

        return status;
    }

    public static JsonObject SuccessStatus(string name, string group, string kind, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    public HttpStatusCode StatusCode => (HttpStatusCode)Code;

    private static JsonObject Detail(string groupResource, string name)
    {
        var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
        var resource = dot < 0 ? groupResource : groupResource[..dot];
        var group = dot < 0 ? string.Empty : groupResource[(dot + 1)..];
        var details = new JsonObject { ["name"] = name, ["kind"] = resource };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        return details;
    }
}
