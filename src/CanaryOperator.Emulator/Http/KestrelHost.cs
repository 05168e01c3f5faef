using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CanaryOperator.Emulator.Http;

/// <summary>Serves an <see cref="ApiHandler"/> over HTTP/1.1 on a given address and port (0 = a free one).</summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<KestrelHost> StartAsync(ApiHandler handler, IPAddress address, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.Listen(address, port);
            o.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(ctx => ServeAsync(handler, ctx));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Clients on this machine reach a wildcard or IPv6-loopback listener through 127.0.0.1.
        foreach (var local in new[] { "[::1]", "[::]", "0.0.0.0" })
        {
            bound = bound.Replace(local, "127.0.0.1", StringComparison.Ordinal);
        }

        return new KestrelHost(app, bound);
    }

    private static async Task ServeAsync(ApiHandler handler, HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        var request = new ApiRequest
        {
            Method = ctx.Request.Method,
            Path = ctx.Request.Path.Value ?? "/",
            Query = ApiRequest.ParseQuery(ctx.Request.QueryString.Value),
            ContentType = ctx.Request.ContentType ?? string.Empty,
            Accept = ctx.Request.Headers.Accept.ToString(),
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
            Body = body.ToArray(),
        };
        var response = await handler.HandleAsync(request, ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.StatusCode = response.StatusCode;
        ctx.Response.ContentType = response.ContentType;
        if (response.Stream is not null)
        {
            ctx.Response.Headers.CacheControl = "no-cache, private";
            await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
            await response.Stream(ctx.Response.Body, ctx.RequestAborted).ConfigureAwait(false);
            return;
        }

        ctx.Response.ContentLength = response.Body.Length;
        await ctx.Response.Body.WriteAsync(response.Body, ctx.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
