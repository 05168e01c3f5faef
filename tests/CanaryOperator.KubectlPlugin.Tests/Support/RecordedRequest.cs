namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>One request the plugin's client sent, as it left the client (method, path, content type, exact body).</summary>
public sealed record RecordedRequest(string Method, string Path, string ContentType, string Body)
{
    public bool IsStatusSubresource => Path.EndsWith("/status", StringComparison.Ordinal);
}
