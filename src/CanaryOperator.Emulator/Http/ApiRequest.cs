namespace CanaryOperator.Emulator.Http;

/// <summary>A transport-neutral HTTP request (built from Kestrel's HttpContext or from an HttpRequestMessage).</summary>
public sealed record ApiRequest
{
    public required string Method { get; init; }

    /// <summary>The URL path, unescaped, without the query.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public string ContentType { get; init; } = string.Empty;

    public string Accept { get; init; } = string.Empty;

    public string UserAgent { get; init; } = string.Empty;

    public byte[] Body { get; init; } = [];

    public string? Q(string name) => Query.TryGetValue(name, out var v) ? v : null;

    /// <summary>Parses a raw query string (<c>?a=b&amp;c=d</c>).</summary>
    public static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result[key] = value;
        }

        return result;
    }
}
