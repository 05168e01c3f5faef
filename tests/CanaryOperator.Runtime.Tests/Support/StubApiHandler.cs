using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CanaryOperator.Runtime.Tests.Support;

/// <summary>
/// Answers the real KubernetesClient's HTTP requests from a delegate, so adapters and error handling are tested
/// through the client's own serialization: <c>new Kubernetes(config, new StubApiHandler(...))</c>.
/// </summary>
public sealed class StubApiHandler(Func<HttpRequestMessage, (HttpStatusCode Status, string Body)> respond) : DelegatingHandler
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public static k8s.Kubernetes Client(StubApiHandler handler) =>
        new(new k8s.KubernetesClientConfiguration { Host = "http://api.test" }, handler);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
        var (status, body) = respond(request);
        return Task.FromResult(new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });
    }
}
