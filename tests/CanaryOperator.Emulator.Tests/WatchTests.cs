using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_resumes_from_a_resourceVersion_and_sees_added_modified_deleted(bool overHttp)
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { SimulateReplicaSets = false });
        using var client = api.CreateClient(overHttp);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("before"), "default");
        var list = await client.AppsV1.ListNamespacedReplicaSetAsync("default");
        var from = list.Metadata.ResourceVersion;
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("after"), "default");

        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<(WatchEventType Type, string Name, string Rv)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, rs) in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: from, timeoutSeconds: 60, cancellationToken: cts.Token))
            {
                seen.Add((type, rs.Metadata.Name, rs.Metadata.ResourceVersion));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        }, cts.Token);

        await WaitUntil(() => api.Store.WatcherCount == 1);
        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"spec\":{\"replicas\":5}}", V1Patch.PatchType.MergePatch), "after", "default");
        await client.AppsV1.DeleteNamespacedReplicaSetAsync("after", "default");
        await watching;

        seen.Select(e => (e.Type, e.Name)).Should().Equal(
            (WatchEventType.Added, "after"), (WatchEventType.Modified, "after"), (WatchEventType.Deleted, "after"));
        seen.Select(e => long.Parse(e.Rv, System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_watch_without_resourceVersion_starts_with_the_current_objects_and_filters_by_label()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("a"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("b"), "default");

        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, rs) in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", labelSelector: "app in (a)", timeoutSeconds: 60, cancellationToken: cts.Token))
            {
                seen.Add((type, rs.Metadata.Name));
                if (seen.Count == 3)
                {
                    return;
                }
            }
        }, cts.Token);
        await WaitUntil(() => api.Store.WatcherCount == 1);

        // Relabelling "a" out of the selection is a DELETED for this watch; "b" never shows.
        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"metadata\":{\"labels\":{\"extra\":\"1\"}}}", V1Patch.PatchType.MergePatch), "b", "default");
        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"metadata\":{\"labels\":{\"extra\":\"1\"}}}", V1Patch.PatchType.MergePatch), "a", "default");
        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"gone\"}}}", V1Patch.PatchType.MergePatch), "a", "default");
        await watching;
        seen.Should().Equal((WatchEventType.Added, "a"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "a"));
    }

    [Fact]
    public async Task Bookmarks_arrive_on_the_emulator_clock_and_timeoutSeconds_ends_the_watch()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false, Clock = clock, BookmarkInterval = TimeSpan.FromSeconds(30) });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("a"), "default");
        var rv = (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Metadata.ResourceVersion;

        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<(WatchEventType Type, string Rv)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, rs) in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 100, cancellationToken: cts.Token))
            {
                lock (seen)
                {
                    seen.Add((type, rs.Metadata.ResourceVersion));
                }
            }
        }, cts.Token);
        await WaitUntil(() => api.Store.WatcherCount == 1);

        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "a", "default");
        await WaitUntil(() => Count(seen) == 1);
        clock.Advance(TimeSpan.FromSeconds(31));
        await WaitUntil(() => Count(seen) == 2);
        lock (seen)
        {
            seen[1].Type.Should().Be(WatchEventType.Bookmark);
            seen[1].Rv.Should().Be(api.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        clock.Advance(TimeSpan.FromSeconds(70));
        await watching; // the server closed the stream after timeoutSeconds of emulator time
        api.Store.WatcherCount.Should().Be(0);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_gets_410_Expired_then_relist_and_watch_work()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("a"), "default");
        var old = (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Metadata.ResourceVersion;
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("b"), "default");
        api.Faults.Compact();

        Exception? error = null;
        var events = 0;
        await foreach (var _ in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: old, timeoutSeconds: 5, onError: e => error = e))
        {
            events++;
        }

        events.Should().Be(0);
        var kex = error.Should().BeOfType<KubernetesException>().Subject;
        kex.Status.Code.Should().Be(410);
        kex.Status.Reason.Should().Be("Expired");

        var relist = await client.AppsV1.ListNamespacedReplicaSetAsync("default");
        relist.Items.Should().HaveCount(2);
        using var cts = new CancellationTokenSource(Patience);
        var next = Task.Run(async () =>
        {
            await foreach (var (type, rs) in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: relist.Metadata.ResourceVersion, timeoutSeconds: 60, cancellationToken: cts.Token))
            {
                return (type, rs.Metadata.Name);
            }

            return default;
        }, cts.Token);
        await WaitUntil(() => api.Store.WatcherCount == 1);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("c"), "default");
        (await next).Should().Be((WatchEventType.Added, "c"));
    }

    [Fact]
    public async Task The_event_log_is_bounded_and_an_injected_expiry_hits_the_next_watch_only()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false, EventLogCapacity = 5 });
        using var client = api.CreateClient();
        var start = (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Metadata.ResourceVersion;
        for (var i = 0; i < 8; i++)
        {
            await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("rs" + i), "default");
        }

        async Task<int?> WatchCode(string rv)
        {
            int? code = null;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await foreach (var _ in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: rv, timeoutSeconds: 1, onError: e => code = (e as KubernetesException)?.Status.Code, cancellationToken: cts.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                // no event within the window
            }

            return code;
        }

        (await WatchCode(start)).Should().Be(410, "the oldest events fell out of the 5-entry log");
        var recent = (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Metadata.ResourceVersion;
        api.Faults.ExpireNextWatch = true;
        (await WatchCode(recent)).Should().Be(410);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("late"), "default");
        (await WatchCode(recent)).Should().BeNull("only the next watch was expired");
    }

    [Fact]
    public async Task Dropped_watch_connections_end_the_stream()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = true, SimulateReplicaSets = false });
        using var client = api.CreateClient(overHttp: true);
        var rv = (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Metadata.ResourceVersion;
        using var cts = new CancellationTokenSource(Patience);
        var events = 0;
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in client.AppsV1.WatchListNamespacedReplicaSetAsync("default", resourceVersion: rv, timeoutSeconds: 600, cancellationToken: cts.Token))
            {
                Interlocked.Increment(ref events);
            }
        }, cts.Token);
        await WaitUntil(() => api.Store.WatcherCount == 1);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("a"), "default");
        await WaitUntil(() => Volatile.Read(ref events) == 1);
        api.Faults.DropWatches();
        await watching;
        cts.IsCancellationRequested.Should().BeFalse("the server ended the stream, not the test's timeout");
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
