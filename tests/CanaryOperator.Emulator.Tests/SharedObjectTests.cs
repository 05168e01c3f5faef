using System.Net;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>
/// The store shares its objects with events, watchers and its own readers instead of copying them: a stored object
/// must never change after its commit, and every object handed to a caller who may change it must be a copy.
/// </summary>
public sealed class SharedObjectTests
{
    private const string Kind = "services";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static JsonObject Service(string tier) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "a", ["namespace"] = "n", ["labels"] = new JsonObject { ["tier"] = tier } },
    };

    private static string? Tier(JsonObject o) => Obj.Str(o["metadata"]?["labels"]?["tier"]);

    private static void Relabel(JsonObject o) => o["metadata"]!["labels"]!["tier"] = "changed by the caller";

    [Fact]
    public void Objects_handed_to_callers_are_copies_and_events_keep_the_object_as_it_was_committed()
    {
        var store = new ObjectStore(TimeProvider.System);
        var events = new List<StoredEvent>();
        store.Changed += events.Add;

        Relabel(store.Create(Kind, Service("web")));
        Relabel(store.Get(Kind, "n", "a")!);
        Relabel(store.List(Kind, "n").Items.Single());
        Relabel(store.Snapshot().Single().Object);
        Tier(store.Get(Kind, "n", "a")!).Should().Be("web");

        Relabel(store.Update(Kind, "n", "a", o =>
        {
            o["metadata"]!["labels"]!["tier"] = "db";
            return o;
        }));
        Tier(store.Get(Kind, "n", "a")!).Should().Be("db");

        // The ADDED event still shows the object as created, the MODIFIED one the replaced and the new object.
        events.Select(e => e.Type).Should().Equal("ADDED", "MODIFIED");
        Tier(events[0].Object).Should().Be("web");
        Tier(events[1].OldObject!).Should().Be("web");
        Tier(events[1].Object).Should().Be("db");
        Obj.ResourceVersion(events[1].OldObject!).Should().Be(Obj.ResourceVersion(events[0].Object));
        Obj.ResourceVersion(events[1].Object).Should().NotBe(Obj.ResourceVersion(events[0].Object));

        var (deleted, removed) = store.Delete(Kind, "n", "a", null);
        removed.Should().BeTrue();
        Relabel(deleted);
        Tier(events[2].Object).Should().Be("db", "the DELETED event carries the last state, not the caller's copy");
        Tier(events[1].Object).Should().Be("db", "a later write does not change an earlier event's object");
    }

    [Fact]
    public void A_change_function_that_changes_its_argument_and_then_fails_leaves_the_store_as_it_was()
    {
        var store = new ObjectStore(TimeProvider.System);
        store.Create(Kind, Service("web"));
        var version = store.CurrentResourceVersion;
        var events = 0;
        store.Changed += _ => events++;

        var update = () => store.Update(Kind, "n", "a", o =>
        {
            Relabel(o);
            throw new InvalidOperationException("refused after changing the object");
        });

        update.Should().Throw<InvalidOperationException>();
        Tier(store.Get(Kind, "n", "a")!).Should().Be("web");
        store.CurrentResourceVersion.Should().Be(version);
        events.Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_patches_of_one_object_lose_no_update_and_each_gets_its_own_resourceVersion()
    {
        // Patches are computed outside the store's lock and committed only if the object did not change meanwhile,
        // otherwise computed again: 40 patches racing on one object must all land, one resourceVersion each.
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        const string Services = "/api/v1/namespaces/default/services";
        (await Support.SendAsync(http, HttpMethod.Post, Services, """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""")).Code.Should().Be(HttpStatusCode.Created);
        var before = api.Store.CurrentResourceVersion;

        var patches = Enumerable.Range(0, 40).Select(i => Task.Run(() => Support.SendAsync(
            http, HttpMethod.Patch, Services + "/web", "{\"metadata\":{\"labels\":{\"l" + i + "\":\"v\"}}}", "application/merge-patch+json")));
        var answers = await Task.WhenAll(patches);

        answers.Should().OnlyContain(a => a.Code == HttpStatusCode.OK);
        answers.Select(a => Obj.ResourceVersion(a.Body!.AsObject())).Should().OnlyHaveUniqueItems();
        var labels = Obj.Labels(api.Store.Get("services", "default", "web")!);
        labels.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 40).Select(i => $"l{i}"));
        api.Store.CurrentResourceVersion.Should().Be(before + 40);
    }

    [Fact]
    public async Task Watchers_and_readers_of_two_versions_of_one_kind_each_get_their_apiVersion()
    {
        // autoscaling/v1 and v2 serve one storage: each event is serialized once per served version and shared by the
        // watchers of that version, so a watcher must never see the other version's apiVersion.
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        const string V1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
        const string V2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
        var hpa = """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":3}}""";
        (await Support.SendAsync(http, HttpMethod.Post, V2, hpa)).Code.Should().Be(HttpStatusCode.Created);

        using var cts = new CancellationTokenSource(Patience);
        using var v1Watch = await http.GetAsync(V1 + "?watch=true&timeoutSeconds=60", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var v2Watch = await http.GetAsync(V2 + "?watch=true&timeoutSeconds=60", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var v1Lines = new StreamReader(await v1Watch.Content.ReadAsStreamAsync(cts.Token));
        using var v2Lines = new StreamReader(await v2Watch.Content.ReadAsStreamAsync(cts.Token));

        (await Support.SendAsync(http, HttpMethod.Patch, V1 + "/web", """{"spec":{"maxReplicas":5}}""", "application/merge-patch+json")).Code.Should().Be(HttpStatusCode.OK);

        foreach (var (lines, apiVersion) in new[] { (v1Lines, "autoscaling/v1"), (v2Lines, "autoscaling/v2") })
        {
            var added = JsonNode.Parse((await lines.ReadLineAsync(cts.Token))!)!;
            var modified = JsonNode.Parse((await lines.ReadLineAsync(cts.Token))!)!;
            Obj.Str(added["type"]).Should().Be("ADDED");
            Obj.Str(modified["type"]).Should().Be("MODIFIED");
            Obj.Str(added["object"]!["apiVersion"]).Should().Be(apiVersion);
            Obj.Str(modified["object"]!["apiVersion"]).Should().Be(apiVersion);
            Obj.Str(modified["object"]!["kind"]).Should().Be("HorizontalPodAutoscaler");
            Obj.Long(modified["object"]!["spec"]!["maxReplicas"]).Should().Be(5);
        }

        var (_, viaV1) = await Support.SendAsync(http, HttpMethod.Get, V1 + "/web");
        var (_, viaV2) = await Support.SendAsync(http, HttpMethod.Get, V2 + "/web");
        Obj.Str(viaV1!["apiVersion"]).Should().Be("autoscaling/v1");
        Obj.Str(viaV2!["apiVersion"]).Should().Be("autoscaling/v2");
        viaV1.AsObject().Remove("apiVersion");
        viaV2.AsObject().Remove("apiVersion");
        JsonNode.DeepEquals(viaV1, viaV2).Should().BeTrue("only apiVersion differs between the versions");
    }
}
