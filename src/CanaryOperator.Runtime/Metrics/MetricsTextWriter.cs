using System.Buffers;
using System.Globalization;
using System.Text;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// UTF-8 exposition text written into one pooled buffer that is handed to the destination stream whenever it holds
/// <see cref="FlushThreshold"/> bytes. At 10,000 Rollouts a scrape is megabytes; building it as one string put
/// ≥ 8 MB into the large-object heap per scrape (docs/benchmarks.md, "Profiling (issue 8)"), this keeps it to a
/// few reused kilobytes.
/// </summary>
public sealed class MetricsTextWriter : IDisposable
{
    /// <summary>Bytes buffered before a family asks for a flush; one series never comes near it.</summary>
    public const int FlushThreshold = 16 * 1024;

    private readonly Stream _destination;
    private byte[] _buffer;
    private int _length;

    internal MetricsTextWriter(Stream destination)
    {
        _destination = destination;
        _buffer = ArrayPool<byte>.Shared.Rent(2 * FlushThreshold);
    }

    internal bool ShouldFlush => _length >= FlushThreshold;

    public MetricsTextWriter Append(string? text) => Append(text.AsSpan());

    public MetricsTextWriter Append(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        return this;
    }

    public MetricsTextWriter Append(char character) => Append(new ReadOnlySpan<char>(in character));

    /// <summary>A sample value as <see cref="TextFormat.FormatValue"/> writes it, without a string per sample.</summary>
    public MetricsTextWriter AppendValue(double value)
    {
        if (!double.IsFinite(value))
        {
            return Append(TextFormat.FormatValue(value));
        }

        const int longestDouble = 32;
        Reserve(longestDouble);
        if (!value.TryFormat(_buffer.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture))
        {
            return Append(TextFormat.FormatValue(value));
        }

        _length += written;
        return this;
    }

    internal async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await _destination.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Reserve(int bytes)
    {
        if (_buffer.Length - _length >= bytes)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _buffer.Length, _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
