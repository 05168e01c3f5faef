using System.Net;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>Bad requests get kube-apiserver's codes and a v1.Status body.</summary>
public sealed class ErrorCodeTests
{
    [Fact]
    public async Task Malformed_json_unknown_kind_wrong_content_type_and_immutable_selector()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        var (code, body) = await Support.SendAsync(http, HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", "{not json");
        code.Should().Be(HttpStatusCode.BadRequest);
        body!["kind"]!.GetValue<string>().Should().Be("Status");
        body["code"]!.GetValue<int>().Should().Be(400);

        (code, body) = await Support.SendAsync(http, HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets");
        code.Should().Be(HttpStatusCode.NotFound);
        body!["reason"]!.GetValue<string>().Should().Be("NotFound");

        (code, _) = await Support.SendAsync(http, HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web", "{}", "text/plain");
        code.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (code, _) = await Support.SendAsync(http, HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", "{}", "application/xml");
        code.Should().Be(HttpStatusCode.UnsupportedMediaType);

        (code, body) = await Support.SendAsync(http, HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web",
            """{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}""", "application/merge-patch+json");
        code.Should().Be((HttpStatusCode)422);
        body!["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().Contain("field is immutable");

        (code, _) = await Support.SendAsync(http, HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web",
            """{"spec":{"template":{"metadata":{"labels":{"app":"other"}}}}}""", "application/merge-patch+json");
        code.Should().Be((HttpStatusCode)422, "the selector must match the template labels");

        (code, _) = await Support.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/services", """{"metadata":{"name":"Bad_Name"}}""");
        code.Should().Be((HttpStatusCode)422);

        (code, _) = await Support.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/services", """{"kind":"Service","metadata":{"name":"s","namespace":"other"}}""");
        code.Should().Be(HttpStatusCode.BadRequest);

        (code, _) = await Support.SendAsync(http, HttpMethod.Get, "/openapi/v2");
        code.Should().Be(HttpStatusCode.NotFound);
        (code, body) = await Support.SendAsync(http, HttpMethod.Get, "/version");
        code.Should().Be(HttpStatusCode.OK);
        body!["major"]!.GetValue<string>().Should().Be("1");

        var rs = Support.ReplicaSet("rs");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(rs, "default");
        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedReplicaSetAsync(
            new V1Patch("""{"spec":{"selector":{"matchLabels":{"app":"rs","x":"y"}}}}""", V1Patch.PatchType.MergePatch), "rs", "default"))).Should().Be(422);
    }
}
