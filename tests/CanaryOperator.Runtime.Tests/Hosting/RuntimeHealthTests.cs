using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Informers;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Hosting;

public class RuntimeHealthTests
{
    [Fact]
    public void Ready_when_every_informer_synced()
    {
        var a = new StubInformer("a") { HasSynced = true };
        var b = new StubInformer("b");
        var health = new RuntimeHealth([a, b]);

        health.IsReady.Should().BeFalse();
        health.Describe().Should().Contain("not synced: [b]");

        b.HasSynced = true;
        health.IsReady.Should().BeTrue();
        health.Describe().Should().Be("ok");
    }

    [Fact]
    public void Unhealthy_when_an_informer_stopped_while_the_host_runs()
    {
        var a = new StubInformer("a") { HasSynced = true };
        var health = new RuntimeHealth([a]);
        health.MarkStarted();
        health.IsHealthy.Should().BeTrue("an informer that has not started yet is not dead");

        a.HasStopped = true;
        health.IsHealthy.Should().BeFalse();
        health.Describe().Should().Contain("stopped: [a]");

        health.MarkStopping();
        health.IsHealthy.Should().BeTrue("stopped informers are expected during shutdown");
    }

    [Fact]
    public void Unhealthy_after_a_host_fault()
    {
        var health = new RuntimeHealth([]);
        health.MarkFaulted(new InvalidOperationException("boom"));

        health.IsHealthy.Should().BeFalse();
        health.Describe().Should().Be("faulted: boom");
    }

    private sealed class StubInformer(string name) : IInformer
    {
        public string Name => name;

        public bool HasSynced { get; set; }

        public bool IsRunning => !HasStopped;

        public bool HasStopped { get; set; }

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
