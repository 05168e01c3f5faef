using System.Net;
using CanaryOperator.Http;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace CanaryOperator.Hosting;

/// <summary>
/// The composition root of the <c>run</c> command: a Microsoft.Extensions.Hosting application with Serilog, Kestrel
/// serving the probe/metrics endpoints on their own port, and the <see cref="OperatorHost"/> as a hosted service.
/// </summary>
public sealed class OperatorApplication : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperatorApplication(WebApplication app, OperatorHost host)
    {
        _app = app;
        Operator = host;
    }

    public OperatorHost Operator { get; }

    /// <summary>The endpoints' base address once started (http://127.0.0.1:port).</summary>
    public string? EndpointAddress =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

    /// <summary>
    /// Builds the application. <paramref name="client"/> overrides the configured cluster (tests pass an emulator's
    /// client); <paramref name="logOutput"/> captures logs (tests); <paramref name="time"/> replaces the system clock
    /// (the sandbox's <c>--time-scale</c>).
    /// </summary>
    public static async Task<OperatorApplication> BuildAsync(
        RunSettings settings, IKubernetes? client = null, TextWriter? logOutput = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var serilog = LoggingSetup.Create(settings.LogFormat, settings.LogLevel, logOutput);
        var metrics = new RuntimeMetrics(new MetricsRegistry());
        ProcessMemoryGauges.Register(metrics.Registry);
        client ??= ClientFactory.Create(ClientFactory.LoadConfiguration(settings.Kubeconfig), metrics, settings.Qps, settings.Burst);
        if (!settings.SkipPreflight)
        {
            await Preflight.CheckAsync(client, settings.Operator, cancellationToken).ConfigureAwait(false);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Any, settings.MetricsPort));
        builder.Services.AddRoutingCore();
        builder.Services.AddSerilog(serilog, dispose: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<ILeadershipLostHandler, StopApplicationOnLeadershipLost>();
        builder.Services.AddSingleton(sp => OperatorHost.Build(
            settings.Operator, client, time ?? TimeProvider.System, sp.GetRequiredService<ILoggerFactory>(), metrics,
            sp.GetRequiredService<ILeadershipLostHandler>()));
        builder.Services.AddHostedService(sp => new OperatorHostedService(sp.GetRequiredService<OperatorHost>()));

        var app = builder.Build();
        app.UseRouting();
        OperatorEndpoints.Map(app, () => app.Services.GetRequiredService<OperatorHost>());
        return new OperatorApplication(app, app.Services.GetRequiredService<OperatorHost>());
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>Runs until SIGTERM/Ctrl-C (or leadership loss, which sets exit code 1).</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _app.RunAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Operator.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
