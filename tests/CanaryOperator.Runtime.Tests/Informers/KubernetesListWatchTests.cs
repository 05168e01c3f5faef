using System.Net;
using CanaryOperator.Runtime.Errors;
using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Informers;

/// <summary>The adapters against the real KubernetesClient, with canned HTTP answers.</summary>
public class KubernetesListWatchTests
{
    [Fact]
    public async Task Custom_objects_list_in_pages_and_deserialize_to_the_model()
    {
        using var handler = new StubApiHandler(r => r.RequestUri!.Query.Contains("continue=", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, """{"apiVersion":"argoproj.io/v1alpha1","kind":"RolloutList","metadata":{"resourceVersion":"42"},"items":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r2","namespace":"ns","resourceVersion":"41"}}]}""")
            : (HttpStatusCode.OK, """{"apiVersion":"argoproj.io/v1alpha1","kind":"RolloutList","metadata":{"resourceVersion":"42","continue":"tok"},"items":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r1","namespace":"ns","resourceVersion":"40"}}]}"""));
        using var client = StubApiHandler.Client(handler);
        var listWatch = KubernetesListWatch.CustomObjects<TestRollout>(client, "argoproj.io", "v1alpha1", "rollouts", "ns");

        var first = await listWatch.ListAsync(null, 1, CancellationToken.None);
        var second = await listWatch.ListAsync(first.ContinueToken, 1, CancellationToken.None);

        first.Items.Single().Metadata.Name.Should().Be("r1");
        first.ContinueToken.Should().Be("tok");
        first.ResourceVersion.Should().Be("42");
        second.Items.Single().Metadata.Name.Should().Be("r2");
        second.ContinueToken.Should().BeNull();
        handler.Requests.Should().HaveCount(2);
        handler.Requests.First().Should().StartWith("GET /apis/argoproj.io/v1alpha1/namespaces/ns/rollouts?").And.Contain("limit=1");
        handler.Requests.Last().Should().Contain("continue=tok");
    }

    [Fact]
    public async Task Custom_objects_watch_yields_events_and_surfaces_410_as_an_exception()
    {
        var stream = string.Join('\n',
            """{"type":"ADDED","object":{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r1","namespace":"ns","resourceVersion":"43"}}}""",
            """{"type":"BOOKMARK","object":{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"resourceVersion":"50"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}""") + "\n";
        using var handler = new StubApiHandler(_ => (HttpStatusCode.OK, stream));
        using var client = StubApiHandler.Client(handler);
        var listWatch = KubernetesListWatch.CustomObjects<TestRollout>(client, "argoproj.io", "v1alpha1", "rollouts", "ns");
        var events = new List<(WatchEventType, string?)>();

        var thrown = await FluentActions.Awaiting(async () =>
        {
            await foreach (var (type, obj) in listWatch.WatchAsync("42", 300, CancellationToken.None))
            {
                events.Add((type, obj.Metadata.ResourceVersion));
            }
        }).Should().ThrowAsync<KubernetesException>();

        KubernetesErrors.IsGone(thrown.Which).Should().BeTrue();
        events.Should().Equal((WatchEventType.Added, "43"), (WatchEventType.Bookmark, "50"));
        var request = handler.Requests.Single();
        request.Should().Contain("watch=true").And.Contain("resourceVersion=42").And.Contain("timeoutSeconds=300").And.Contain("allowWatchBookmarks=true");
    }

    [Fact]
    public async Task Replica_set_watch_across_all_namespaces_surfaces_410_too()
    {
        var stream = """
            {"type":"MODIFIED","object":{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"ns","resourceVersion":"7"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}}

            """;
        using var handler = new StubApiHandler(_ => (HttpStatusCode.OK, stream.ReplaceLineEndings("\n")));
        using var client = StubApiHandler.Client(handler);
        var listWatch = KubernetesListWatch.ReplicaSets(client);
        var names = new List<string>();

        var thrown = await FluentActions.Awaiting(async () =>
        {
            await foreach (var (_, rs) in listWatch.WatchAsync("5", 300, CancellationToken.None))
            {
                names.Add(rs.Metadata.Name);
            }
        }).Should().ThrowAsync<KubernetesException>();

        thrown.Which.Status.Code.Should().Be(410);
        names.Should().Equal("rs");
        handler.Requests.Single().Should().StartWith("GET /apis/apps/v1/replicasets?");
    }

    [Fact]
    public async Task Replica_set_list_maps_items_continue_and_resourceVersion()
    {
        using var handler = new StubApiHandler(_ => (HttpStatusCode.OK,
            """{"apiVersion":"apps/v1","kind":"ReplicaSetList","metadata":{"resourceVersion":"9","continue":"next"},"items":[{"metadata":{"name":"rs1","namespace":"ns"}}]}"""));
        using var client = StubApiHandler.Client(handler);

        var page = await KubernetesListWatch.ReplicaSets(client, "ns").ListAsync(null, 500, CancellationToken.None);

        page.Items.Select(i => i.Metadata.Name).Should().Equal("rs1");
        page.ContinueToken.Should().Be("next");
        page.ResourceVersion.Should().Be("9");
        handler.Requests.Single().Should().StartWith("GET /apis/apps/v1/namespaces/ns/replicasets?").And.Contain("limit=500");
    }

    public sealed class TestRollout : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "argoproj.io/v1alpha1";

        public string Kind { get; set; } = "Rollout";

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
