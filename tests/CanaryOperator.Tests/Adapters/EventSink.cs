using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CanaryOperator.Tests.Adapters;

/// <summary>
/// Stands in for the API server's Event endpoint: answers every request itself (201 with the body it got), keeps the
/// notes of the Events it accepted in arrival order, and on demand holds every request until released (or cancelled)
/// or refuses the next one with a 500.
/// </summary>
internal sealed class EventSink : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<(string Regarding, string Note)> _accepted = [];
    private TaskCompletionSource _open = OpenGate();
    private int _failNext;

    public EventSink() => _open.TrySetResult();

    /// <summary>From now on requests wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _open = OpenGate();
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public void FailNext() => Interlocked.Exchange(ref _failNext, 1);

    /// <summary>The notes of the accepted Events regarding Rollout <paramref name="name"/>, in arrival order.</summary>
    public IReadOnlyList<string> Notes(string name)
    {
        lock (_gate)
        {
            return [.. _accepted.Where(e => e.Regarding == name).Select(e => e.Note)];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            return new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = new StringContent("""{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}""", Encoding.UTF8, "application/json"),
            };
        }

        var body = await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = JsonNode.Parse(body)!;
        lock (_gate)
        {
            _accepted.Add((json["regarding"]!["name"]!.GetValue<string>(), json["note"]!.GetValue<string>()));
        }

        return new HttpResponseMessage(HttpStatusCode.Created)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
    }

    private static TaskCompletionSource OpenGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
