using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>The store's LIST: the per-namespace index, selector-filtered pages and copies of only what is returned.</summary>
public sealed class ObjectStoreListTests
{
    private const string Kind = "services";

    private static JsonObject Service(string ns, string name, string tier) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["tier"] = tier } },
    };

    private static ObjectStore StoreWith(params (string Ns, string Name, string Tier)[] objects)
    {
        var store = new ObjectStore(TimeProvider.System);
        foreach (var (ns, name, tier) in objects)
        {
            store.Create(Kind, Service(ns, name, tier));
        }

        return store;
    }

    private static string[] Keys(ListPage page) => [.. page.Items.Select(o => ObjectStore.Key(Obj.Namespace(o), Obj.Name(o)!))];

    [Fact]
    public void A_namespaced_list_returns_only_that_namespace_in_name_order_and_follows_creates_and_deletes()
    {
        // "a" sorts before "a-b" as a namespace but "a/…" after "a-b/…" as a key: the index must not confuse prefixes.
        var store = StoreWith(("a-b", "x", "web"), ("a", "z", "web"), ("a", "y", "db"), ("b", "w", "web"));

        Keys(store.ListPage(Kind, "a", null, null, null)).Should().Equal("a/y", "a/z");
        Keys(store.ListPage(Kind, "a-b", null, null, null)).Should().Equal("a-b/x");
        Keys(store.ListPage(Kind, null, null, null, null)).Should().Equal("a-b/x", "a/y", "a/z", "b/w");
        store.ListPage(Kind, "missing", null, null, null).Items.Should().BeEmpty();

        store.Delete(Kind, "a", "y", null);
        store.Create(Kind, Service("a", "a0", "web"));
        Keys(store.ListPage(Kind, "a", null, null, null)).Should().Equal("a/a0", "a/z");

        store.Delete(Kind, "a-b", "x", null);
        store.ListPage(Kind, "a-b", null, null, null).Items.Should().BeEmpty();
        store.Exists(Kind, "a-b", "x").Should().BeFalse();
        store.Exists(Kind, "a", "z").Should().BeTrue();
    }

    [Fact]
    public void Pages_count_and_continue_over_matching_objects_only()
    {
        var store = StoreWith(("n1", "a", "web"), ("n1", "b", "db"), ("n2", "c", "web"), ("n3", "d", "web"), ("n4", "e", "db"), ("n5", "f", "web"));
        Func<JsonObject, bool> web = o => Obj.Str(o["metadata"]?["labels"]?["tier"]) == "web";

        var first = store.ListPage(Kind, null, web, null, 2);
        Keys(first).Should().Equal("n1/a", "n2/c");
        first.LastKey.Should().Be("n2/c");
        first.Remaining.Should().Be(2, "d and f match after the page; b and e do not match");

        var second = store.ListPage(Kind, null, web, first.LastKey, 2);
        Keys(second).Should().Equal("n3/d", "n5/f");
        second.LastKey.Should().BeNull("nothing matching is left");
        second.Remaining.Should().Be(0);
        second.ResourceVersion.Should().Be(store.CurrentResourceVersion);
    }

    [Fact]
    public void Listed_objects_are_copies()
    {
        var store = StoreWith(("n", "a", "web"));
        var listed = store.ListPage(Kind, "n", null, null, null).Items.Single();
        listed["metadata"]!["labels"]!["tier"] = "changed";

        Obj.Str(store.Get(Kind, "n", "a")!["metadata"]?["labels"]?["tier"]).Should().Be("web");
    }

    [Fact]
    public void A_namespaced_watch_replays_only_that_namespace()
    {
        var store = StoreWith(("a", "x", "web"), ("a-b", "y", "web"), ("b", "z", "web"));
        var watcher = store.Watch(Kind, "a", null, bookmarks: false);
        try
        {
            var replayed = new List<string?>();
            while (watcher.Events.TryRead(out var e))
            {
                replayed.Add(Obj.Name(e.Object));
            }

            replayed.Should().Equal("x");
        }
        finally
        {
            store.Unwatch(watcher);
        }
    }
}
