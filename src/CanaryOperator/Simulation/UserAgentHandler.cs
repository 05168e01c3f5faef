namespace CanaryOperator.Simulation;

/// <summary>Stamps a User-Agent on every request so the emulator's audit log tells the operator's calls from the user's.</summary>
public sealed class UserAgentHandler(string userAgent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.ParseAdd(userAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
