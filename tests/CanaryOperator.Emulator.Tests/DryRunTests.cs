using System.Net;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary><c>dryRun=All</c>: the write is validated and answered as if stored, and nothing is stored.</summary>
public sealed class DryRunTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    [Fact]
    public async Task Create_update_patch_and_apply_answer_the_object_and_store_nothing()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        var web = Json(Support.Deployment("web"));
        var rv = api.Store.CurrentResourceVersion;

        var (code, body) = await Support.SendAsync(http, HttpMethod.Post, Deployments + "?dryRun=All", web);
        code.Should().Be(HttpStatusCode.Created);
        body!["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
        body["spec"]!["strategy"]!["type"]!.GetValue<string>().Should().Be("RollingUpdate", "defaults are applied as on a real create");
        api.Get("apps", "deployments", "default", "web").Should().BeNull();
        api.Store.CurrentResourceVersion.Should().Be(rv);

        (code, body) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?dryRun=All&fieldManager=kubectl",
            web, "application/apply-patch+yaml");
        code.Should().Be(HttpStatusCode.Created);
        api.Get("apps", "deployments", "default", "web").Should().BeNull("a dry-run apply creates nothing");

        (await Support.SendAsync(http, HttpMethod.Post, Deployments, web)).Code.Should().Be(HttpStatusCode.Created);
        rv = api.Store.CurrentResourceVersion;
        var patch = """{"spec":{"replicas":5}}""";
        (code, body) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?dryRun=All", patch, "application/merge-patch+json");
        code.Should().Be(HttpStatusCode.OK);
        body!["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);

        var stored = api.Get("apps", "deployments", "default", "web")!;
        stored["spec"]!["replicas"] = 7;
        (code, body) = await Support.SendAsync(http, HttpMethod.Put, Deployments + "/web?dryRun=All", stored.ToJsonString());
        code.Should().Be(HttpStatusCode.OK);
        body!["spec"]!["replicas"]!.GetValue<int>().Should().Be(7);

        (code, _) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web/scale?dryRun=All", patch, "application/merge-patch+json");
        code.Should().Be(HttpStatusCode.OK);
        (code, body) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?dryRun=All",
            """{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":9}}""", "application/apply-patch+yaml");
        code.Should().Be(HttpStatusCode.OK);
        body!["spec"]!["replicas"]!.GetValue<int>().Should().Be(9);

        api.Get("apps", "deployments", "default", "web")!["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        api.Store.CurrentResourceVersion.Should().Be(rv, "no dry run wrote anything");
    }

    [Fact]
    public async Task Dry_run_still_refuses_what_a_real_write_would_and_only_All_is_a_dry_run_value()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        var web = Json(Support.Deployment("web"));
        (await Support.SendAsync(http, HttpMethod.Post, Deployments, web)).Code.Should().Be(HttpStatusCode.Created);

        (await Support.SendAsync(http, HttpMethod.Post, Deployments + "?dryRun=All", web)).Code.Should().Be(HttpStatusCode.Conflict);
        (await Support.SendAsync(http, HttpMethod.Post, "/apis/apps/v1/namespaces/absent/deployments?dryRun=All", web)).Code.Should().Be(HttpStatusCode.NotFound);
        var (code, body) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?dryRun=All",
            """{"spec":{"selector":{"matchLabels":{"app":"other"}}}}""", "application/merge-patch+json");
        code.Should().Be((HttpStatusCode)422, "immutable fields are checked on a dry run too");

        (code, body) = await Support.SendAsync(http, HttpMethod.Post, Deployments + "?dryRun=Sometimes", Json(Support.Deployment("other")));
        code.Should().Be(HttpStatusCode.BadRequest);
        body!["message"]!.GetValue<string>().Should().Contain("Sometimes");
        api.Get("apps", "deployments", "default", "other").Should().BeNull();
    }

    private static string Json(k8s.Models.V1Deployment deployment) => k8s.KubernetesJson.Serialize(deployment);
}
