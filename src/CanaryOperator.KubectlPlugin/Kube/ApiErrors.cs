using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace CanaryOperator.KubectlPlugin.Kube;

/// <summary>
/// Turns API failures into messages that name what is wrong: the object that does not exist, the verb and
/// subresource the caller may not use (a 403 on <c>rollouts/status</c> is the usual RBAC gap: a role granting
/// <c>patch</c> on <c>rollouts</c> does not cover the status subresource), or the server that cannot be reached.
/// </summary>
public static class ApiErrors
{
    /// <param name="verb">get, list, patch.</param>
    /// <param name="resource">Plural with subresource, e.g. <c>rollouts/status</c>.</param>
    public static PluginException Describe(HttpOperationException e, string verb, string resource, string ns, string? name)
    {
        var code = e.Response?.StatusCode ?? 0;
        var serverMessage = ServerMessage(e.Response?.Content);
        var target = name is null ? $"{resource} in namespace \"{ns}\"" : $"{resource} \"{name}\" in namespace \"{ns}\"";
        return code switch
        {
            HttpStatusCode.NotFound when name is not null && verb == "get" && resource == "rollouts" && !IsMissingType(serverMessage)
                => new PluginException(NotFound(name), e),
            HttpStatusCode.NotFound when IsMissingType(serverMessage)
                => new PluginException($"the server does not serve {resource} in argoproj.io/v1alpha1 (is the Rollout CRD installed?): {serverMessage}", e),
            HttpStatusCode.Forbidden
                => new PluginException($"forbidden: no permission to {verb} {target} (403 from the API: {serverMessage}); the role needs verb \"{verb}\" on resource \"{resource}\" in API group \"argoproj.io\"", e),
            HttpStatusCode.Unauthorized
                => new PluginException($"unauthorized: the API rejected the credentials of this kubeconfig (401: {serverMessage})", e),
            _ => new PluginException($"{verb} {target} failed: {(int)code} {code}: {serverMessage}", e),
        };
    }

    /// <summary>Argo's plugin prints the API's NotFound text (vector "unknown rollout").</summary>
    public static string NotFound(string name) => Engine.Commands.RolloutCommands.NotFoundError(name);

    public static PluginException Unreachable(HttpRequestException e) =>
        new($"cannot reach the Kubernetes API server: {e.Message}", e);

    // "the server could not find the requested resource" = the URL's type is not served (CRD missing), not a missing object.
    private static bool IsMissingType(string message) => message.Contains("could not find the requested resource", StringComparison.Ordinal);

    private static string ServerMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "(no message)";
        }

        try
        {
            using var doc = JsonDocument.Parse(content);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // not a v1.Status: show the text as is
        }

        return content.Trim();
    }
}
