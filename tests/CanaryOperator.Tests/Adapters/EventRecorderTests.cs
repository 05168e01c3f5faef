using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Runtime.Metrics;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Tests.Adapters;

/// <summary>
/// The background Event sender: a reconcile's <see cref="EventRecorder.Record"/> never waits for the API server, one
/// Rollout's Events keep their order, a full buffer drops and counts, shutdown flushes, and the "repeat of the last
/// event is skipped" rule survives a failed send. The API server here is <see cref="EventSink"/>, held shut where a
/// test needs Events to pile up.
/// </summary>
public sealed class EventRecorderTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly EventSink _sink = new();
    private readonly Kubernetes _client;

    public EventRecorderTests() =>
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, _sink);

    [Fact]
    public async Task Record_returns_while_the_api_server_is_held_and_each_rollouts_events_go_out_in_order()
    {
        _sink.Hold();
        await using var recorder = new EventRecorder(_client, "argo-rollouts", "test", _clock, lanes: 3);
        foreach (var i in Enumerable.Range(0, 20))
        {
            recorder.Record(RolloutNamed("a"), Planned($"a-{i}"));
            recorder.Record(RolloutNamed("b"), Planned($"b-{i}"));
        }

        recorder.Pending.Should().Be(40, "nothing can have been sent while the API server holds every request");
        recorder.Recorded.Should().Be(0);

        _sink.Release();
        await recorder.FlushAsync(CancellationToken.None);
        recorder.Pending.Should().Be(0);
        recorder.Recorded.Should().Be(40);
        _sink.Notes("a").Should().Equal(Enumerable.Range(0, 20).Select(i => $"a-{i}"));
        _sink.Notes("b").Should().Equal(Enumerable.Range(0, 20).Select(i => $"b-{i}"));
    }

    [Fact]
    public async Task A_full_buffer_drops_and_counts_and_what_was_buffered_is_still_sent()
    {
        _sink.Hold();
        var metrics = new MetricsRegistry();
        await using var recorder = new EventRecorder(_client, "argo-rollouts", "test", _clock, metrics: metrics, capacity: 5, lanes: 1);
        foreach (var i in Enumerable.Range(0, 8))
        {
            recorder.Record(RolloutNamed("a"), Planned($"a-{i}"));
        }

        recorder.Dropped.Should().Be(3);
        metrics.Render().Should().Contain("canary_operator_events_dropped_total{reason=\"buffer_full\"} 3")
            .And.Contain("canary_operator_events_pending 5");

        _sink.Release();
        await recorder.ShutdownAsync(CancellationToken.None);
        _sink.Notes("a").Should().Equal("a-0", "a-1", "a-2", "a-3", "a-4");
    }

    [Fact]
    public async Task A_repeat_of_the_last_event_is_skipped_unless_the_last_send_failed()
    {
        await using var recorder = new EventRecorder(_client, "argo-rollouts", "test", _clock, lanes: 2);
        _sink.FailNext();
        recorder.Record(RolloutNamed("a"), Planned("invalid spec"));
        await recorder.FlushAsync(CancellationToken.None);
        recorder.Recorded.Should().Be(0, "the API server refused it");

        recorder.Record(RolloutNamed("a"), Planned("invalid spec"));
        recorder.Record(RolloutNamed("a"), Planned("invalid spec"));
        await recorder.FlushAsync(CancellationToken.None);
        recorder.Recorded.Should().Be(1, "the failed event is sent again on its repeat, and that repeat only once");

        recorder.Record(RolloutNamed("a"), Planned("another"));
        recorder.Record(RolloutNamed("a"), Planned("invalid spec"));
        recorder.Forget("ns/a");
        recorder.Record(RolloutNamed("a"), Planned("invalid spec"));
        await recorder.FlushAsync(CancellationToken.None);
        _sink.Notes("a").Should().Equal("invalid spec", "another", "invalid spec", "invalid spec");
    }

    [Fact]
    public async Task Shutdown_sends_what_is_buffered_and_drops_the_rest_when_its_token_fires()
    {
        var metrics = new MetricsRegistry();
        await using (var flushed = new EventRecorder(_client, "argo-rollouts", "test", _clock, lanes: 1))
        {
            flushed.Record(RolloutNamed("a"), Planned("a-0"));
            flushed.Record(RolloutNamed("a"), Planned("a-1"));
            await flushed.ShutdownAsync(CancellationToken.None);
            flushed.Recorded.Should().Be(2);
        }

        _sink.Hold();
        await using var recorder = new EventRecorder(_client, "argo-rollouts", "test", _clock, metrics: metrics, lanes: 1);
        recorder.Record(RolloutNamed("b"), Planned("b-0"));
        recorder.Record(RolloutNamed("b"), Planned("b-1"));
        using var giveUp = new CancellationTokenSource();
        var shutdown = recorder.ShutdownAsync(giveUp.Token);
        recorder.Record(RolloutNamed("b"), Planned("too late"));
        await giveUp.CancelAsync();
        await shutdown;

        recorder.Recorded.Should().Be(0);
        recorder.Dropped.Should().Be(3, "the in-flight send is cancelled, the buffered one and the late one are dropped");
        recorder.Pending.Should().Be(0);
        metrics.Render().Should().Contain("canary_operator_events_dropped_total{reason=\"shutdown\"} 3");
        _sink.Notes("a").Should().Equal("a-0", "a-1");
        _sink.Notes("b").Should().BeEmpty();
    }

    public void Dispose()
    {
        _client.Dispose();
        _sink.Dispose();
    }

    private static Rollout RolloutNamed(string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = $"uid-{name}", ResourceVersion = "1" } };

    private static PlannedEvent Planned(string message) => new(PlannedEvent.Normal, EventReasons.RolloutPaused, message);
}
