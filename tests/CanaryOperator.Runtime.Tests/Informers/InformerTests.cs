using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Informers;

public sealed class InformerTests : IAsyncDisposable
{
    private readonly FakeListWatch _server = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingHandler _handler = new();
    private readonly CancellationTokenSource _stop = new();
    private Informer<V1ConfigMap>? _informer;
    private Task? _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Eventually.HangGuard);
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task Lists_in_pages_then_watches_from_the_lists_resourceVersion()
    {
        for (var i = 0; i < 7; i++)
        {
            _server.Create(FakeListWatch.NewObject("ns", $"cm{i}"));
        }

        var informer = await StartAndSync(pageSize: 3);

        _server.ListCalls.Should().Equal((null, 3), ("107:3", 3), ("107:6", 3));
        informer.Store.Count.Should().Be(7);
        _handler.Snapshot().Should().HaveCount(7).And.OnlyContain(e => e.StartsWith("ADDED ns/cm", StringComparison.Ordinal));
        await Eventually.True(() => !_server.WatchCalls.IsEmpty, "watch started");
        _server.WatchCalls.First().ResourceVersion.Should().Be("107");
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list_from_the_first_page()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.Create(FakeListWatch.NewObject("ns", $"cm{i}"));
        }

        _server.ExpireNextContinueToken = true;
        var informer = Build(pageSize: 2);
        _run = informer.RunAsync(_stop.Token);

        await AdvanceUntil(() => informer.HasSynced, "synced after restarting the list");

        _server.ListCalls.Select(c => c.Continue).Should().Equal(null, "104:2", null, "104:2");
        informer.Store.Count.Should().Be(4);
        _handler.Events.Should().HaveCount(4, "the failed partial list delivered nothing");
    }

    [Fact]
    public async Task Watch_asks_for_a_randomized_timeout_within_the_configured_range()
    {
        await StartAndSync(random: () => 0.5);
        await Eventually.True(() => !_server.WatchCalls.IsEmpty, "watch started");

        _server.WatchCalls.First().TimeoutSeconds.Should().Be(450, "halfway between 5 and 10 minutes");
    }

    [Fact]
    public async Task Watch_events_update_the_store_and_reach_handlers()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        var informer = await StartAndSync();
        await WatchOpen();

        _server.Update("ns", "a", "2");
        _server.Create(FakeListWatch.NewObject("ns", "b", "1"));
        _server.Delete("ns", "a");

        await Eventually.True(() => _handler.Events.Count == 4, "4 events");
        _handler.Snapshot().Should().Equal("ADDED ns/a=1", "MODIFIED ns/a=1 -> 2", "ADDED ns/b=1", "DELETED ns/a");
        informer.Store.Keys().Should().Equal("ns/b");
        informer.LastResourceVersion.Should().Be(_server.CurrentResourceVersion);
    }

    [Fact]
    public async Task Has_synced_only_after_the_first_list_succeeds()
    {
        _server.NextListError = new HttpRequestException("connection refused");
        var informer = Build();
        _run = informer.RunAsync(_stop.Token);

        await Eventually.True(() => _server.ListCalls.Count == 1, "first list attempted");
        informer.HasSynced.Should().BeFalse();
        var wait = informer.WaitForSyncAsync(CancellationToken.None);
        wait.IsCompleted.Should().BeFalse();

        await AdvanceUntil(() => informer.HasSynced, "sync after retry");
        await wait.WaitAsync(Eventually.HangGuard);
        _server.ListCalls.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_closed_watch_resumes_from_the_last_resourceVersion_without_relisting()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        var informer = await StartAndSync();
        await WatchOpen();
        _server.Update("ns", "a", "2");
        await Eventually.True(() => _handler.Events.Count == 2, "update seen");
        var seen = informer.LastResourceVersion;

        // Changes made while the connection is down are replayed from history on reconnect.
        _server.Pause();
        _server.Update("ns", "a", "3");
        _server.CloseWatches();

        await Eventually.True(() => _handler.Events.Count == 3, "missed update replayed");
        _server.WatchCalls.Select(w => w.ResourceVersion).Should().Equal("101", seen);
        _server.ListCalls.Should().HaveCount(1);
        _handler.Snapshot().Last().Should().Be("MODIFIED ns/a=2 -> 3");
    }

    [Fact]
    public async Task A_broken_connection_reconnects_after_backoff_from_the_last_resourceVersion()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        var informer = await StartAndSync();
        await WatchOpen();
        _server.Update("ns", "a", "2");
        await Eventually.True(() => _handler.Events.Count == 2, "update seen");

        _server.BreakWatches(new IOException("connection reset"));
        await AdvanceUntil(() => _server.WatchCalls.Count == 2, "reconnect");

        _server.WatchCalls.Last().ResourceVersion.Should().Be(informer.LastResourceVersion);
        _server.ListCalls.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_watch_closed_without_any_event_reconnects_only_after_a_backoff()
    {
        await StartAndSync();
        await WatchOpen();

        _server.CloseWatches();
        await Task.Delay(50);
        _server.WatchCalls.Should().HaveCount(1, "no event arrived, so the informer waits on the clock before reconnecting");

        await AdvanceUntil(() => _server.WatchCalls.Count == 2, "reconnect after backoff");
        _server.ListCalls.Should().HaveCount(1);
    }

    [Fact]
    public async Task Resync_redelivers_every_cached_object_as_an_update_each_period()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        _server.Create(FakeListWatch.NewObject("ns", "b", "1"));
        _informer = new Informer<V1ConfigMap>(_server, new InformerOptions<V1ConfigMap>
        {
            TimeProvider = _clock,
            Random = () => 0.0,
            ResyncPeriod = TimeSpan.FromHours(1),
        });
        _informer.AddEventHandler(_handler);
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
        await WatchOpen();

        _clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(20);
        _handler.Events.Should().HaveCount(2, "no resync before the period");

        await AdvanceUntil(() => _handler.Events.Count == 4, "resync delivered", TimeSpan.FromMinutes(1));
        _handler.Snapshot().Skip(2).Should().BeEquivalentTo("MODIFIED ns/a=1 -> 1", "MODIFIED ns/b=1 -> 1");
    }

    [Fact]
    public async Task Bookmarks_advance_the_resourceVersion_used_to_resume()
    {
        await StartAndSync();
        await WatchOpen();

        var mark = _server.Bookmark();
        await Eventually.True(() => CurrentInformer().LastResourceVersion == mark, "bookmark applied");
        _server.CloseWatches();

        await Eventually.True(() => _server.WatchCalls.Count == 2, "reconnect");
        _server.WatchCalls.Last().ResourceVersion.Should().Be(mark);
        _handler.Events.Should().BeEmpty("a bookmark is not a change");
    }

    [Fact]
    public async Task Gone_on_an_open_watch_relists_and_synthesizes_the_missed_changes()
    {
        _server.Create(FakeListWatch.NewObject("ns", "keep", "1"));
        _server.Create(FakeListWatch.NewObject("ns", "change", "1"));
        _server.Create(FakeListWatch.NewObject("ns", "remove", "1"));
        var informer = await StartAndSync();
        await WatchOpen();
        var before = _handler.Events.Count;

        _server.Pause();
        _server.Update("ns", "change", "2");
        _server.Delete("ns", "remove");
        _server.Create(FakeListWatch.NewObject("ns", "new", "1"));
        _server.ExpireWatches();

        await Eventually.True(() => _handler.Events.Count == before + 3, "3 synthesized events");
        _handler.Snapshot().Skip(before).Should().BeEquivalentTo("MODIFIED ns/change=1 -> 2", "ADDED ns/new=1", "DELETED ns/remove");
        informer.Store.Keys().Should().BeEquivalentTo("ns/keep", "ns/change", "ns/new");
        _server.ListCalls.Should().HaveCount(2);
        await Eventually.True(() => _server.WatchCalls.Count == 2, "watch resumed");
        _server.WatchCalls.Last().ResourceVersion.Should().Be(_server.CurrentResourceVersion);
    }

    [Fact]
    public async Task Gone_when_reconnecting_from_a_compacted_version_relists()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        var informer = await StartAndSync();
        await WatchOpen();

        _server.Pause();
        _server.Delete("ns", "a");
        _server.CompactHistory();
        _server.CloseWatches();

        // The closed watch delivered nothing, so the reconnect waits a backoff on the (fake) clock first.
        await AdvanceUntil(() => _handler.Events.Contains("DELETED ns/a"), "synthesized delete");
        informer.Store.Count.Should().Be(0);
        _server.ListCalls.Should().HaveCount(2);
    }

    [Fact]
    public async Task An_error_event_is_treated_like_gone()
    {
        await StartAndSync();
        await WatchOpen();

        _server.EmitErrorEvent();

        await Eventually.True(() => _server.ListCalls.Count == 2, "relisted");
    }

    [Fact]
    public async Task Indexes_follow_adds_updates_and_deletes()
    {
        _server.Create(FakeListWatch.NewObject("ns1", "a", ownerUid: "uid-1"));
        _server.Create(FakeListWatch.NewObject("ns1", "b", ownerUid: "uid-2"));
        _server.Create(FakeListWatch.NewObject("ns2", "c", ownerUid: "uid-1"));
        var informer = Build();
        informer.Store.AddIndex(StandardIndexes.Namespace, StandardIndexes.ByNamespace);
        informer.Store.AddIndex(StandardIndexes.ControllerUid, StandardIndexes.ByControllerUid);
        informer.Store.AddIndex("value", cm => [cm.Data["value"]]);
        _run = informer.RunAsync(_stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
        await WatchOpen();

        informer.Store.KeysByIndex(StandardIndexes.Namespace, "ns1").Should().BeEquivalentTo("ns1/a", "ns1/b");
        informer.Store.ByIndex(StandardIndexes.ControllerUid, "uid-1").Select(ObjectKey.Of).Should().BeEquivalentTo("ns1/a", "ns2/c");

        _server.Update("ns1", "a", "changed");
        _server.Delete("ns2", "c");
        await Eventually.True(() => informer.Store.Count == 2 && informer.Store.Get("ns1/a")!.Data["value"] == "changed", "changes applied");

        informer.Store.KeysByIndex("value", "changed").Should().Equal("ns1/a");
        informer.Store.KeysByIndex("value", "v").Should().Equal("ns1/b");
        informer.Store.KeysByIndex(StandardIndexes.ControllerUid, "uid-1").Should().Equal("ns1/a");
        informer.Store.KeysByIndex(StandardIndexes.Namespace, "ns2").Should().BeEmpty();
        FluentActions.Invoking(() => informer.Store.ByIndex("nope", "x")).Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public async Task Transform_runs_before_objects_are_cached()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a"));
        var informer = await StartAndSync(transform: ObjectTransforms.StripBulkyMetadata);
        await WatchOpen();
        _server.Create(FakeListWatch.NewObject("ns", "b"));
        await Eventually.True(() => informer.Store.Count == 2, "watched object cached");

        informer.Store.List().Should().OnlyContain(cm => cm.Metadata.ManagedFields == null && cm.Metadata.Annotations == null);
    }

    [Fact]
    public async Task A_handler_added_late_first_receives_the_cached_objects()
    {
        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        var informer = await StartAndSync();
        var late = new RecordingHandler();

        informer.AddEventHandler(late);

        late.Snapshot().Should().Equal("ADDED ns/a=1");
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_the_informer()
    {
        var informer = await StartAndSync();
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>(onAdd: _ => throw new InvalidOperationException("boom")));
        await WatchOpen();

        _server.Create(FakeListWatch.NewObject("ns", "a", "1"));
        _server.Create(FakeListWatch.NewObject("ns", "b", "1"));

        await Eventually.True(() => _handler.Events.Count == 2, "both events reached the good handler");
        informer.IsRunning.Should().BeTrue();
    }

    [Fact]
    public async Task Stops_when_cancelled()
    {
        var informer = await StartAndSync();
        await WatchOpen();

        await _stop.CancelAsync();
        await _run!.WaitAsync(Eventually.HangGuard);

        informer.IsRunning.Should().BeFalse();
        informer.HasStopped.Should().BeTrue();
    }

    private Informer<V1ConfigMap> CurrentInformer() => _informer!;

    private Informer<V1ConfigMap> Build(int pageSize = 500, Func<double>? random = null, Func<V1ConfigMap, V1ConfigMap>? transform = null)
    {
        _informer = new Informer<V1ConfigMap>(_server, new InformerOptions<V1ConfigMap>
        {
            PageSize = pageSize,
            TimeProvider = _clock,
            Random = random ?? (() => 0.0),
            Transform = transform,
        });
        _informer.AddEventHandler(_handler);
        return _informer;
    }

    private async Task<Informer<V1ConfigMap>> StartAndSync(int pageSize = 500, Func<double>? random = null, Func<V1ConfigMap, V1ConfigMap>? transform = null)
    {
        var informer = Build(pageSize, random, transform);
        _run = informer.RunAsync(_stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.HangGuard);
        informer.HasSynced.Should().BeTrue();
        return informer;
    }

    private Task WatchOpen() => Eventually.True(() => _server.ActiveWatches == 1, "watch open");

    // Backoff waits run on the fake clock: keep moving it until the loop has gone past them.
    private async Task AdvanceUntil(Func<bool> condition, string what, TimeSpan? step = null)
    {
        var giveUp = DateTime.UtcNow + Eventually.HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            _clock.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(2);
        }
    }
}
