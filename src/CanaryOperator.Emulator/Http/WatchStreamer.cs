using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Diagnostics;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// Serves <c>?watch=true</c>: newline-delimited JSON events (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), resuming from a
/// resourceVersion, filtered by namespace and selectors (an object leaving the selection is DELETED, entering is ADDED),
/// ending after timeoutSeconds on the emulator's clock; a compacted resourceVersion gets an ERROR event with a 410 Status.
/// </summary>
public sealed class WatchStreamer
{
    private readonly ObjectStore _store;
    private readonly FaultInjector _faults;
    private readonly TimeProvider _clock;
    private readonly EmulatorOptions _options;

    internal WatchStreamer(ObjectStore store, FaultInjector faults, TimeProvider clock, EmulatorOptions options)
    {
        _store = store;
        _faults = faults;
        _clock = clock;
        _options = options;
    }

    public ApiResponse Start(ApiRequest request, ResourcePath target)
    {
        var (labels, fields) = ApiHandler.Selectors(request, target.Type);
        long? from = null;
        if (request.Q("resourceVersion") is { Length: > 0 } rvText && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rv))
            {
                throw ApiException.BadRequest($"invalid resource version \"{rvText}\"");
            }

            from = rv;
        }

        var bookmarks = request.Q("allowWatchBookmarks") is "true" or "1";
        var timeout = request.Q("timeoutSeconds") is { } ts && int.TryParse(ts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : _options.DefaultWatchTimeout;

        Watcher? watcher = null;
        string? expired = null;
        if (from is not null && _faults.TakeExpireNextWatch())
        {
            expired = $"too old resource version: {from} ({_store.CurrentResourceVersion})";
        }
        else
        {
            try
            {
                watcher = _store.Watch(target.Type.StorageKey, target.Namespace, from, bookmarks);
            }
            catch (ExpiredException e)
            {
                expired = e.Message;
            }
        }

        var type = target.Type;
        return new ApiResponse
        {
            ContentType = "application/json",
            Stream = async (stream, ct) =>
            {
                if (watcher is null)
                {
                    var status = ApiException.StatusJson(410, "Expired", expired!);
                    await WriteAsync(stream, "ERROR", ServedJson.Build(writer => status.WriteTo(writer, ApiResponse.Wire)), ct).ConfigureAwait(false);
                    return;
                }

                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var timer = _clock.CreateTimer(_ => Cancel(cts), null, timeout, Timeout.InfiniteTimeSpan);
                using var bookmarkTimer = bookmarks
                    ? _clock.CreateTimer(_ => _store.Bookmark(watcher), null, _options.BookmarkInterval, _options.BookmarkInterval)
                    : null;
                try
                {
                    await foreach (var e in watcher.Events.ReadAllAsync(cts.Token).ConfigureAwait(false))
                    {
                        if (Translate(e, type, target.Namespace, o => labels.Matches(o) && fields.Matches(o)) is { } line)
                        {
                            await WriteAsync(stream, line.Type, line.Json, cts.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // timeoutSeconds elapsed or the client went away
                }
                catch (IOException)
                {
                    // the client went away
                }
                finally
                {
                    _store.Unwatch(watcher);
                }
            },
        };
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the watch already ended
        }
    }

    // The event's object is the store's instance, shared by every watcher: it is serialized once per event (and served
    // version) and only read here.
    private static (string Type, byte[] Json)? Translate(StoredEvent e, ResourceType type, string? ns, Func<JsonObject, bool> selects)
    {
        if (e.Type == "BOOKMARK")
        {
            var bookmark = (JsonObject)e.Object.DeepClone();
            bookmark["kind"] = type.Kind;
            bookmark["apiVersion"] = type.ApiVersion;
            return ("BOOKMARK", ServedJson.Build(writer => bookmark.WriteTo(writer, ApiResponse.Wire)));
        }

        if (ns is not null && Obj.Namespace(e.Object) != ns)
        {
            return null;
        }

        var now = selects(e.Object);
        var kind = e.Type;
        if (e.Type == "MODIFIED")
        {
            var before = e.OldObject is not null && selects(e.OldObject);
            kind = (before, now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null!,
            };
            if (kind is null)
            {
                return null;
            }
        }
        else if (!now)
        {
            return null;
        }

        return (kind, e.ServedJson(type.ApiVersion, type.Kind, () => ServedJson.Bytes(e.Object, type)));
    }

    // One line: {"type":"...","object":...} and a newline.
    private static async Task WriteAsync(Stream stream, string type, byte[] objectJson, CancellationToken ct)
    {
        var line = ServedJson.Line(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            ServedJson.WriteRaw(writer, objectJson);
            writer.WriteEndObject();
        });
        await stream.WriteAsync(line, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }
}
