using System.Net;
using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using CanaryOperator.Runtime.Tests.Informers;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Hosting;

public class ServiceRegistrationTests
{
    [Fact]
    public async Task A_host_wired_with_the_extensions_syncs_and_reconciles()
    {
        var server = new FakeListWatch();
        server.Create(FakeListWatch.NewObject("ns", "a"));
        var reconciler = new ScriptedReconciler((_, _, _) => Task.FromResult(ReconcileResult.Done));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddControllerRuntime();
        builder.Services.AddInformer(_ => new Informer<V1ConfigMap>(server));
        builder.Services.AddController(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var queue = new WorkQueue(DefaultControllerRateLimiter.Create(time), time);
            sp.GetRequiredService<Informer<V1ConfigMap>>()
                .AddEventHandler(ResourceEventHandler<V1ConfigMap>.Enqueue(cm => [ObjectKey.Of(cm)], queue.Add));
            return new Controller(new ControllerOptions { Name = "configmaps" }, reconciler, queue,
                sp.GetRequiredService<ILogger<Controller>>(), sp.GetRequiredService<RuntimeMetrics>(), time);
        });
        using var host = builder.Build();

        await host.StartAsync();
        await Eventually.True(() => reconciler.Calls("ns/a") == 1, "reconciled");
        var registry = host.Services.GetRequiredService<MetricsRegistry>();
        await Eventually.True(() => registry.Render().Contains("result=\"success\"} 1", StringComparison.Ordinal), "reconcile counted");

        host.Services.GetRequiredService<RuntimeHealth>().IsReady.Should().BeTrue();
        host.Services.GetRequiredService<RuntimeHealth>().IsHealthy.Should().BeTrue();
        host.Services.GetRequiredService<ILeaderElection>().Should().BeOfType<AlwaysLeader>();
        registry.Render().Should().Contain("controller_runtime_reconcile_total{controller=\"configmaps\",result=\"success\"} 1");
        await host.StopAsync().WaitAsync(Eventually.HangGuard);
    }

    [Fact]
    public void With_leader_election_options_the_lease_election_is_used()
    {
        using var stub = new StubApiHandler(_ => (HttpStatusCode.NotFound, "{}"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IKubernetes>(_ => StubApiHandler.Client(stub));
        builder.Services.AddControllerRuntime(new LeaderElectionOptions { LeaseName = "canary-operator", LeaseNamespace = "canary-system", Identity = "pod-1" });
        using var host = builder.Build();

        host.Services.GetRequiredService<ILeaderElection>().Should().BeOfType<LeaseLeaderElection>();
        host.Services.GetRequiredService<ILeadershipLostHandler>().Should().BeOfType<StopApplicationOnLeadershipLost>();
    }
}
