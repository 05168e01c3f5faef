using System.Collections.Concurrent;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Sits in front of the API emulator in the operator's client and records every request it sends.</summary>
internal sealed class ApiCallRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<ObservedApiCall> _calls = new();

    public IReadOnlyList<ObservedApiCall> Calls => [.. _calls];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(ObservedApiCall.From(request.Method, request.RequestUri!));
        return base.SendAsync(request, cancellationToken);
    }
}
