using System.Net;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Metrics;

public class MetricsRegistryTests
{
    [Fact]
    public void Renders_counters_and_gauges_in_the_text_format()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("things_total", "Things seen", "kind");
        var gauge = registry.Gauge("rollout_canary_weight", "Canary weight", "namespace", "name");

        counter.WithLabels("a").Inc();
        counter.WithLabels("a").Inc(2);
        counter.WithLabels("b").Inc();
        gauge.WithLabels("ns", "r1").Set(25);
        gauge.WithLabels("ns", "r2").Set(0.5);

        registry.Render().Should().Be(
            """
            # HELP things_total Things seen
            # TYPE things_total counter
            things_total{kind="a"} 3
            things_total{kind="b"} 1
            # HELP rollout_canary_weight Canary weight
            # TYPE rollout_canary_weight gauge
            rollout_canary_weight{namespace="ns",name="r1"} 25
            rollout_canary_weight{namespace="ns",name="r2"} 0.5

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Renders_histograms_with_cumulative_buckets_sum_and_count()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.Histogram("op_seconds", "Op time", [0.1, 1], "op");

        histogram.WithLabels("x").Observe(0.05);
        histogram.WithLabels("x").Observe(0.5);
        histogram.WithLabels("x").Observe(3);

        registry.Render().Should().Contain(
            """
            op_seconds_bucket{op="x",le="0.1"} 1
            op_seconds_bucket{op="x",le="1"} 2
            op_seconds_bucket{op="x",le="+Inf"} 3
            op_seconds_sum{op="x"} 3.55
            op_seconds_count{op="x"} 3
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Escapes_label_values_and_help()
    {
        var registry = new MetricsRegistry();
        registry.Gauge("g", "line1\nline2 \\ back", "l").WithLabels("a\"b\\c\nd").Set(1);

        var text = registry.Render();

        text.Should().Contain("# HELP g line1\\nline2 \\\\ back\n");
        text.Should().Contain("g{l=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    [Fact]
    public void Removed_series_disappear_and_same_name_returns_same_family()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.Gauge("rollout_phase", "Phase", "name", "phase");
        gauge.WithLabels("r1", "Progressing").Set(1);

        registry.Gauge("rollout_phase", "Phase", "name", "phase").Should().BeSameAs(gauge);
        gauge.RemoveLabels("r1", "Progressing").Should().BeTrue();

        registry.Render().Should().NotContain("r1");
        FluentActions.Invoking(() => registry.Counter("rollout_phase", "x")).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => gauge.WithLabels("only-one")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.Gauge("bad-name", "x")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.Counter("c", "x").Inc(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Streams_a_large_exposition_in_bounded_writes_with_the_same_text_as_render()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.Gauge("rollout_canary_weight", "Canary weight", "namespace", "name");
        for (var i = 0; i < 5_000; i++)
        {
            gauge.WithLabels($"ns-{i:D5}", "ro").Set(i);
        }

        using var destination = new WriteRecordingStream();
        await registry.WriteToAsync(destination, CancellationToken.None);

        var text = System.Text.Encoding.UTF8.GetString(destination.ToArray());
        text.Should().Be(registry.Render());
        text.Length.Should().BeGreaterThan(10 * MetricsTextWriter.FlushThreshold);
        destination.Writes.Should().BeGreaterThan(10);
        destination.LargestWrite.Should().BeLessThan(2 * MetricsTextWriter.FlushThreshold);
        text.Split('\n')[2].Should().Be("rollout_canary_weight{namespace=\"ns-00000\",name=\"ro\"} 0");
        text.Should().EndWith("rollout_canary_weight{namespace=\"ns-04999\",name=\"ro\"} 4999\n");
    }

    [Fact]
    public void Writes_non_finite_and_fractional_values_as_the_text_format_spells_them()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.Gauge("g", "values", "v");
        gauge.WithLabels("inf").Set(double.PositiveInfinity);
        gauge.WithLabels("nan").Set(double.NaN);
        gauge.WithLabels("small").Set(1e-7);
        gauge.WithLabels("third").Set(1.0 / 3);

        var text = registry.Render();

        text.Should().Contain("g{v=\"inf\"} +Inf\n").And.Contain("g{v=\"nan\"} NaN\n")
            .And.Contain("g{v=\"small\"} 1E-07\n").And.Contain("g{v=\"third\"} 0.3333333333333333\n");
    }

    [Fact]
    public void Work_queue_metrics_are_sampled_at_render_time()
    {
        var clock = new FakeTimeProvider();
        var registry = new MetricsRegistry();
        var metrics = new RuntimeMetrics(registry);
        using var queue = new WorkQueue(DefaultControllerRateLimiter.Create(clock), clock);
        metrics.TrackQueue("rollouts", queue);

        queue.Add("ns/a");
        queue.Add("ns/a");
        queue.Add("ns/b");
        queue.AddRateLimited("ns/c");
        var first = registry.Render();
        queue.Add("ns/d");
        var second = registry.Render();

        first.Should().Contain("workqueue_depth{name=\"rollouts\"} 2\n");
        first.Should().Contain("workqueue_adds_total{name=\"rollouts\"} 3\n");
        first.Should().Contain("workqueue_retries_total{name=\"rollouts\"} 1\n");
        second.Should().Contain("workqueue_depth{name=\"rollouts\"} 3\n");
        second.Should().Contain("workqueue_adds_total{name=\"rollouts\"} 4\n");
        second.Should().Contain("# TYPE leader_election_master_status gauge");
    }

    [Fact]
    public async Task Rest_client_handler_counts_requests_by_code_and_method()
    {
        var registry = new MetricsRegistry();
        var metrics = new RuntimeMetrics(registry);
        using var stub = new StubApiHandler(r => r.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, """{"kind":"ReplicaSetList","apiVersion":"apps/v1","metadata":{},"items":[]}""")
            : (HttpStatusCode.NotFound, """{"kind":"Status","code":404}"""));
        using var counting = new RestClientMetricsHandler(metrics);
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://api.test" }, counting, stub);

        await client.AppsV1.ListNamespacedReplicaSetAsync("ns");
        await client.AppsV1.ListNamespacedReplicaSetAsync("ns");
        await FluentActions.Awaiting(() => client.AppsV1.DeleteNamespacedReplicaSetAsync("rs", "ns")).Should().ThrowAsync<Exception>();

        var text = registry.Render();
        text.Should().Contain("rest_client_requests_total{code=\"200\",method=\"GET\"} 2\n");
        text.Should().Contain("rest_client_requests_total{code=\"404\",method=\"DELETE\"} 1\n");
    }
}

/// <summary>A memory stream that records how many writes it got and the largest one.</summary>
internal sealed class WriteRecordingStream : MemoryStream
{
    public int Writes { get; private set; }

    public int LargestWrite { get; private set; }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Writes++;
        LargestWrite = Math.Max(LargestWrite, buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }
}
