using System.Net;
using CanaryOperator.Hosting;
using CanaryOperator.Tests.EndToEnd;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Tests.Hosting;

/// <summary>The composition root: Hosting + Serilog + probe/metrics endpoints on their own port, against the emulator.</summary>
public sealed class OperatorApplicationTests
{
    [Fact]
    public async Task Endpoints_report_health_readiness_and_prometheus_metrics_and_logs_carry_the_reconcile_id()
    {
        await using var bed = await Testbed.StartAsync(overHttp: true);
        using var log = new StringWriter();
        var settings = new RunSettings
        {
            Operator = new OperatorOptions { Workers = 1 },
            LogFormat = "json",
            LogLevel = "debug",
            MetricsPort = 0,
        };
        await using var app = await OperatorApplication.BuildAsync(settings, bed.Emulator.CreateClient(overHttp: true), TextWriter.Synchronized(log));
        await app.StartAsync(CancellationToken.None);
        var port = new Uri(app.EndpointAddress!.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready once caches synced");

        await bed.ApplyAsync(SeedScenario.Fallback);
        await Eventually(() => Task.FromResult(log.ToString().Contains("\"ReconcileId\"", StringComparison.Ordinal)), "a reconcile log line");
        var line = log.ToString().Split('\n').First(l => l.Contains("\"ReconcileId\"", StringComparison.Ordinal));
        line.Should().Contain("\"Namespace\":\"istio-argo-rollouts\"").And.Contain("\"Name\":\"rollouts-demo\"").And.StartWith("{\"@t\"");

        var metrics = await http.GetStringAsync("/metrics");
        foreach (var name in new[]
                 {
                     "controller_runtime_reconcile_total{controller=\"rollout\",result=", "controller_runtime_reconcile_time_seconds",
                     "workqueue_depth{name=\"rollout\"}", "workqueue_adds_total{name=\"rollout\"}", "workqueue_retries_total",
                     "rollout_phase{namespace=\"istio-argo-rollouts\",name=\"rollouts-demo\"",
                 })
        {
            metrics.Should().Contain(name);
        }

        await app.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Rest_client_requests_are_counted_by_code_and_method_through_the_client_factory()
    {
        await using var bed = await Testbed.StartAsync(overHttp: true);
        var metrics = new CanaryOperator.Runtime.Metrics.RuntimeMetrics(new CanaryOperator.Runtime.Metrics.MetricsRegistry());
        using var client = ClientFactory.Create(new k8s.KubernetesClientConfiguration { Host = bed.Emulator.BaseUrl }, metrics, qps: 100, burst: 10);
        await client.CoreV1.ListNamespaceAsync();
        metrics.Registry.Render().Should().Contain("rest_client_requests_total{code=\"200\",method=\"GET\"} 1");
    }

    [Fact]
    public async Task Preflight_says_which_crd_is_missing_and_which_verb_rbac_denies()
    {
        await using var bed = await Testbed.StartAsync(overHttp: true);
        var options = new OperatorOptions();
        await Preflight.CheckAsync(bed.Client, options, CancellationToken.None);

        var act = () => Preflight.CheckAsync(bed.Client, options with { IstioApiVersion = "v1" }, CancellationToken.None);
        await act.Should().NotThrowAsync();

        var rule = bed.Emulator.Faults.Fail("list", "rollouts", 403);
        var denied = () => Preflight.CheckAsync(bed.Client, options, CancellationToken.None);
        await denied.Should().ThrowAsync<OperatorStartupException>().WithMessage("*insufficient RBAC*'list'*'rollouts'*");
        bed.Emulator.Faults.Remove(rule);

        await bed.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("destinationrules.networking.istio.io");
        var missing = () => Preflight.CheckAsync(bed.Client, options, CancellationToken.None);
        await missing.Should().ThrowAsync<OperatorStartupException>().WithMessage("*destinationrules.networking.istio.io*not installed*");

        using var nowhere = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var unreachable = () => Preflight.CheckAsync(nowhere, options, CancellationToken.None);
        await unreachable.Should().ThrowAsync<OperatorStartupException>().WithMessage("*no Kubernetes API server reachable*");
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(50);
        }
    }
}
