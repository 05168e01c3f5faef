using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>One write an operator sent: verb and resource ("PATCH rollouts/status"), its body, and whether it changed nothing.</summary>
internal sealed record LedgerEntry(long Sequence, string Verb, string Resource, string? Name, string? Body, int StatusCode, bool NoOp);

/// <summary>
/// Sits in front of the emulator on an operator's client and records every write (non-GET request) with its body. A
/// write to an existing object is a no-op when the emulator answered with the object's resourceVersion from just
/// before the request (the emulator, like kube-apiserver, keeps the resourceVersion when a write changes nothing).
/// A concurrent writer can only hide a no-op (the version moved for another reason), never invent one.
/// </summary>
internal sealed class WriteLedger(KubeApiEmulator emulator) : DelegatingHandler
{
    private readonly ConcurrentQueue<LedgerEntry> _entries = new();
    private long _sequence;

    public IReadOnlyList<LedgerEntry> Entries => [.. _entries.OrderBy(e => e.Sequence)];

    /// <summary>Successful writes per "VERB resource".</summary>
    public IReadOnlyDictionary<string, int> CountsByResource =>
        Entries.Where(e => e.StatusCode < 400).GroupBy(e => $"{e.Verb} {e.Resource}").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int Writes => Entries.Count(e => e.StatusCode < 400);

    public string Breakdown => string.Join(", ", CountsByResource.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => $"{kv.Key}: {kv.Value}"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var target = Target.Parse(request.RequestUri);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var before = target.Name is null ? null : ResourceVersionOf(emulator.Get(target.Group, target.Plural, target.Namespace, target.Name));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? after = null;
        if (response.IsSuccessStatusCode && request.Method != HttpMethod.Delete && response.Content is not null)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            after = ResourceVersionOf(JsonNode.Parse(text) as JsonObject);
        }

        var resource = target.Subresource is null ? target.Plural : $"{target.Plural}/{target.Subresource}";
        _entries.Enqueue(new LedgerEntry(Interlocked.Increment(ref _sequence), request.Method.Method, resource, target.Name, body,
            (int)response.StatusCode, NoOp: before is not null && before == after));
        return response;
    }

    private static string? ResourceVersionOf(JsonObject? obj) => obj?["metadata"]?["resourceVersion"]?.GetValue<string>();

    /// <summary>/api/v1/namespaces/{ns}/{plural}[/{name}[/{sub}]] or /apis/{group}/{version}/namespaces/{ns}/{plural}[/...].</summary>
    private sealed record Target(string Group, string? Namespace, string Plural, string? Name, string? Subresource)
    {
        public static Target Parse(Uri? uri)
        {
            var parts = (uri?.AbsolutePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var group = parts is ["apis", var g, ..] ? g : "";
            var at = Array.IndexOf(parts, "namespaces");
            if (at < 0 || at + 2 >= parts.Length)
            {
                return new Target(group, null, uri?.AbsolutePath ?? "?", null, null);
            }

            return new Target(group, parts[at + 1], parts[at + 2], at + 3 < parts.Length ? parts[at + 3] : null, at + 4 < parts.Length ? parts[at + 4] : null);
        }
    }
}
