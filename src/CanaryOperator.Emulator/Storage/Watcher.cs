using System.Threading.Channels;

namespace CanaryOperator.Emulator.Storage;

/// <summary>A registered watch: the store pushes every event of its storage key into <see cref="Events"/>.</summary>
public sealed class Watcher
{
    private readonly Channel<StoredEvent> _channel = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

    internal Watcher(string storageKey, string? ns, bool bookmarks)
    {
        StorageKey = storageKey;
        Namespace = ns;
        WantsBookmarks = bookmarks;
    }

    public string StorageKey { get; }

    public string? Namespace { get; }

    public bool WantsBookmarks { get; }

    public ChannelReader<StoredEvent> Events => _channel.Reader;

    internal bool Push(StoredEvent e) => _channel.Writer.TryWrite(e);

    /// <summary>Ends the watch (the HTTP stream closes, as when a connection drops).</summary>
    internal void Close() => _channel.Writer.TryComplete();
}
