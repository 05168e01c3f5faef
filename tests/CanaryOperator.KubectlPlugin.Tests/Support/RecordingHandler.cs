namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>
/// Sits in front of the emulator's handler and keeps every request body byte-for-byte: the emulator's audit log
/// records verb, path, content type and status but not bodies, and the vectors are about exact bodies.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Patches => [.. Requests.Where(r => r.Method == "PATCH")];

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!.AbsolutePath,
                request.Content?.Headers.ContentType?.MediaType ?? "", body));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
