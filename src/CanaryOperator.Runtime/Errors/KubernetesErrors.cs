using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace CanaryOperator.Runtime.Errors;

/// <summary>
/// The one place that reads KubernetesClient's exceptions: <see cref="HttpOperationException"/> from normal calls
/// (<c>Response.StatusCode</c>, body holding a Status) and <see cref="KubernetesException"/> from watch streams
/// (<c>Status.Code</c>/<c>Status.Reason</c>).
/// </summary>
public static class KubernetesErrors
{
    public static KubernetesErrorKind Classify(Exception? exception)
    {
        switch (exception)
        {
            case null:
                return KubernetesErrorKind.None;
            case HttpOperationException { Response: { } response }:
                return FromStatus((int)response.StatusCode, ReasonFromBody(response.Content));
            case KubernetesException { Status: { } status }:
                return FromStatus(status.Code ?? 0, status.Reason);
            case TimeoutException:
                return KubernetesErrorKind.Timeout;
            // HttpClient reports its own timeout as a TaskCanceledException wrapping a TimeoutException.
            case TaskCanceledException { InnerException: TimeoutException }:
                return KubernetesErrorKind.Timeout;
            case HttpRequestException { StatusCode: { } code }:
                return FromStatus((int)code, null);
            case HttpRequestException or IOException:
                return KubernetesErrorKind.Transport;
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return Classify(aggregate.InnerException);
            default:
                return KubernetesErrorKind.None;
        }
    }

    /// <summary>The HTTP status code behind the exception, if there is one.</summary>
    public static int? StatusCode(Exception? exception) => exception switch
    {
        HttpOperationException { Response: { } response } => (int)response.StatusCode,
        KubernetesException { Status.Code: { } code } => code,
        HttpRequestException { StatusCode: { } code } => (int)code,
        _ => null,
    };

    public static bool IsNotFound(Exception? e) => Classify(e) == KubernetesErrorKind.NotFound;

    /// <summary>409 of either flavour (stale update or already exists).</summary>
    public static bool IsConflict(Exception? e) => Classify(e) is KubernetesErrorKind.Conflict or KubernetesErrorKind.AlreadyExists;

    public static bool IsAlreadyExists(Exception? e) => Classify(e) == KubernetesErrorKind.AlreadyExists;

    public static bool IsGone(Exception? e) => Classify(e) == KubernetesErrorKind.Gone;

    public static bool IsInvalid(Exception? e) => Classify(e) == KubernetesErrorKind.Invalid;

    public static bool IsTooManyRequests(Exception? e) => Classify(e) == KubernetesErrorKind.TooManyRequests;

    /// <summary>Failures that go away by themselves: throttling, server errors, timeouts, transport, conflicts.</summary>
    public static bool IsTransient(Exception? e) => Classify(e) is KubernetesErrorKind.TooManyRequests
        or KubernetesErrorKind.ServerError or KubernetesErrorKind.Timeout or KubernetesErrorKind.Transport
        or KubernetesErrorKind.Conflict;

    public static KubernetesErrorKind FromStatus(int code, string? reason)
    {
        if (string.Equals(reason, "AlreadyExists", StringComparison.Ordinal))
        {
            return KubernetesErrorKind.AlreadyExists;
        }

        if (string.Equals(reason, "Timeout", StringComparison.Ordinal)
            || string.Equals(reason, "ServerTimeout", StringComparison.Ordinal))
        {
            return KubernetesErrorKind.Timeout;
        }

        return code switch
        {
            (int)HttpStatusCode.BadRequest => KubernetesErrorKind.BadRequest,
            (int)HttpStatusCode.Unauthorized => KubernetesErrorKind.Unauthorized,
            (int)HttpStatusCode.Forbidden => KubernetesErrorKind.Forbidden,
            (int)HttpStatusCode.NotFound => KubernetesErrorKind.NotFound,
            (int)HttpStatusCode.RequestTimeout => KubernetesErrorKind.Timeout,
            (int)HttpStatusCode.Conflict => KubernetesErrorKind.Conflict,
            (int)HttpStatusCode.Gone => KubernetesErrorKind.Gone,
            (int)HttpStatusCode.UnprocessableEntity => KubernetesErrorKind.Invalid,
            (int)HttpStatusCode.TooManyRequests => KubernetesErrorKind.TooManyRequests,
            (int)HttpStatusCode.GatewayTimeout => KubernetesErrorKind.Timeout,
            >= 500 and < 600 => KubernetesErrorKind.ServerError,
            _ => KubernetesErrorKind.Other,
        };
    }

    // The body of a failed call is a Status object; its "reason" separates AlreadyExists from a stale update.
    private static string? ReasonFromBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
                ? reason.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
