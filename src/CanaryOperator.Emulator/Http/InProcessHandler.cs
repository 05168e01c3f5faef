using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// Serves requests in process without sockets: pass it to <c>new Kubernetes(config, handler)</c> (it never calls its
/// inner handler) or wrap it in an <see cref="HttpClient"/>. Watch responses stream through a pipe.
/// </summary>
public sealed class InProcessHandler : DelegatingHandler
{
    private readonly ApiHandler _handler;

    internal InProcessHandler(ApiHandler handler) => _handler = handler;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("request has no URI", nameof(request));
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var apiRequest = new ApiRequest
        {
            Method = request.Method.Method,
            Path = Uri.UnescapeDataString(uri.AbsolutePath),
            Query = ApiRequest.ParseQuery(uri.Query),
            ContentType = request.Content?.Headers.ContentType?.ToString() ?? string.Empty,
            Accept = string.Join(",", request.Headers.Accept.Select(a => a.ToString())),
            UserAgent = string.Join(" ", request.Headers.UserAgent.Select(a => a.ToString())),
            Body = body,
        };
        var response = await _handler.HandleAsync(apiRequest, cancellationToken).ConfigureAwait(false);
        var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode) { RequestMessage = request };
        if (response.Stream is null)
        {
            message.Content = new ByteArrayContent(response.Body);
        }
        else
        {
            var pipe = new Pipe();
            var cts = new CancellationTokenSource();
            var writer = pipe.Writer.AsStream();
            _ = Task.Run(async () =>
            {
                try
                {
                    await response.Stream(writer, cts.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // the reader went away
                }
                finally
                {
                    await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                }
            }, CancellationToken.None);
            message.Content = new StreamContent(new OwnedStream(pipe.Reader.AsStream(), cts));
        }

        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(response.ContentType);
        return message;
    }

    // Cancels the producer when the consumer disposes the response stream.
    private sealed class OwnedStream(Stream inner, CancellationTokenSource owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner.Cancel();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
