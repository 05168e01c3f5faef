using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary>
/// <c>istio_managed_routes.json</c>: header and mirror routes. The vectors describe Go test sequences in prose,
/// so each case replays its sequence here (selected by the Go test name) and checks the vector's expectations.
/// VirtualService fixtures: <c>regularVsvc</c> and <c>singleRouteVsvc</c> are read from
/// <c>istio_virtualservice_weights.json</c>; <c>singleRouteSubsetVsvc</c> and <c>regularVsvcWithExtra</c> are not
/// spelled out in any vector and are written below after the Go test fixtures (the expectations pin their shape).
/// </summary>
public sealed class ManagedRoutesVectorTests
{
    [Theory]
    [MemberData(nameof(VectorFile.Cases), "istio_managed_routes.json", MemberType = typeof(VectorFile))]
    public void Vector(string file, int index, string description)
    {
        var (_, source, input, expected) = VectorFile.Case(file, index);
        var (reference, target, drHost) = Config(input["rollout"]);
        var test = source[(source.IndexOf(':', StringComparison.Ordinal) + 1)..];
        description.Should().NotBeEmpty();

        switch (test)
        {
            case "TestHttpReconcileHeaderRouteHostBased":
                {
                    var steps = input["steps"]!.AsArray().Select(s => ApiJson.Deserialize<SetHeaderRoute>(s!["setHeaderRoute"]!)).ToList();
                    var vs = Ok(ManagedRoutes.SetHeaderRoute(RegularVsvc(), reference, target, drHost, steps[0]));
                    var after1 = expected["afterStep1"]!;
                    Names(vs).Should().Equal(VectorInputs.Strings(after1["httpRouteNames"]));
                    var route0 = vs.Spec.Http![0];
                    route0.Route!.Select(d => new { d.Destination.Host, Weight = d.Weight ?? 0 })
                        .Should().Equal(after1["route0"]!["destinations"]!.AsArray().Select(d => new { Host = (string?)d!["host"], Weight = (int)d["weight"]! }));
                    JsonNode.DeepEquals(JsonNode.Parse(route0.Extra!["match"].GetRawText()), after1["route0"]!["match"]).Should().BeTrue();
                    vs = Ok(ManagedRoutes.SetHeaderRoute(vs, reference, target, drHost, steps[1]));
                    Names(vs).Should().Equal(VectorInputs.Strings(expected["afterStep2"]!["httpRouteNames"]));
                    break;
                }

            case "TestHttpReconcileHeaderRouteSubsetBased":
                {
                    drHost = (string?)input["destinationRule"]!["spec"]!["host"];
                    var step = ApiJson.Deserialize<SetHeaderRoute>(input["step"]!["setHeaderRoute"]!);
                    var vs = Ok(ManagedRoutes.SetHeaderRoute(SingleRouteSubsetVsvc(), reference, target, drHost, step));
                    var want = expected["route0"]!;
                    vs.Spec.Http![0].Name.Should().Be((string?)want["name"]);
                    vs.Spec.Http[0].Route!.Single().Destination.Should().Match<Destination>(d =>
                        d.Host == (string?)want["destination"]!["host"] && d.Subset == (string?)want["destination"]!["subset"]);
                    break;
                }

            case "TestReconcileHeaderRouteAvoidDuplicates":
                {
                    var step = new SetHeaderRoute
                    {
                        Name = "test-header-route",
                        Match = [new HeaderRoutingMatch { HeaderName = "agent", HeaderValue = new StringMatch { Exact = "firefox" } }],
                    };
                    var vs = RegularVsvc();
                    for (var i = 0; i < (int)input["timesApplied"]!; i++)
                    {
                        vs = Ok(ManagedRoutes.SetHeaderRoute(vs, reference, target, drHost, step));
                    }

                    Names(vs).Should().Equal(VectorInputs.Strings(expected["httpRouteNames"]));
                    break;
                }

            case "TestHttpReconcileMirrorRoute":
                {
                    var step = ApiJson.Deserialize<SetMirrorRoute>(input["step"]!["setMirrorRoute"]!);
                    var vs = Ok(ManagedRoutes.SetMirrorRoute(RegularVsvc(), reference, target, drHost, step));
                    Names(vs).Should().Equal(VectorInputs.Strings(expected["httpRouteNames"]));
                    var route0 = vs.Spec.Http![0];
                    var want = expected["route0"]!;
                    route0.Mirror!.Host.Should().Be((string?)want["mirror"]!["host"]);
                    (route0.Mirror.Subset ?? "").Should().Be((string?)want["mirror"]!["subset"]);
                    MirrorPercentage(route0).Should().Be((int)want["mirrorPercentage"]!);
                    route0.Route.Should().HaveCount((int)want["destinationCount"]!);
                    (route0.Route!.Single(d => d.Destination.Host == "canary").Weight ?? 0).Should().Be((int)want["canaryWeight"]!);

                    var deleted = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, step with { Match = null }));
                    Names(deleted).Should().Equal(VectorInputs.Strings(expected["afterDeleteWithNoMatch"]));

                    var both = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, step with { Name = "test-mirror-2", Percentage = 90 }));
                    var wantBoth = expected["afterAddingMirror1AndMirror2(percentage 90)"]!;
                    both.Spec.Http.Should().HaveCount((int)wantBoth["routeCount"]!);
                    MirrorPercentage(both.Spec.Http![1]).Should().Be((int)wantBoth["route1MirrorPercentage"]!);

                    var removed = Ok(ManagedRoutes.RemoveManagedRoutes(both, target.ManagedRoutes!.ToList()));
                    removed.Spec.Http.Should().HaveCount((int)expected["afterRemoveManagedRoutes"]!["routeCount"]!);
                    break;
                }

            case "TestHttpReconcileMirrorRouteOrder":
                {
                    target = target with { StableService = "stable", CanaryService = "canary" };
                    var vs = RegularVsvc();
                    vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror("test-mirror-1", "GET", null)));
                    vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror("test-mirror-2", "POST", 90)));
                    vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror("test-mirror-3", "GET", 90)));
                    vs = Ok(VirtualServiceWeights.Apply(vs, reference, target, 40));
                    var after = expected["afterSetWeight"]!;
                    Names(vs).Should().Equal(VectorInputs.Strings(after["httpRouteNames"]));
                    Weight(vs, 0, "canary").Should().Be((int)after["route0Weights"]!["canary"]!);
                    Weight(vs, 0, "stable").Should().Be((int)after["route0Weights"]!["stable"]!);
                    vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror("test-mirror-3", null, null)));
                    Names(vs).Should().Equal(VectorInputs.Strings(expected["afterDelete"]));
                    vs = Ok(ManagedRoutes.RemoveManagedRoutes(vs, target.ManagedRoutes!.ToList()));
                    vs.Spec.Http.Should().HaveCount((int)expected["afterRemoveManagedRoutes"]!["routeCount"]!);
                    break;
                }

            case "TestHttpReconcileMirrorRouteOrderSingleRouteNoName":
                {
                    target = target with { StableService = "stable", CanaryService = "canary" };
                    var vs = Ok(VirtualServiceWeights.Apply(SingleRouteVsvc(), reference, target, 30));
                    foreach (var name in new[] { "test-mirror-1", "test-mirror-2", "test-mirror-3" })
                    {
                        vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror(name, "GET", null)));
                    }

                    var after = expected["afterMirrors"]!;
                    Names(vs).Should().Equal(VectorInputs.Strings(after["httpRouteNames"]));
                    vs.Spec.Http![3].Route!.Select(d => d.Weight ?? 0).Should().Equal(after["route3Weights"]!.AsArray().Select(w => (int)w!));
                    Weight(vs, 0, "canary").Should().Be((int)after["route0Canary"]!);
                    Weight(vs, 1, "stable").Should().Be((int)after["route1Stable"]!);
                    vs = Ok(VirtualServiceWeights.Apply(vs, reference, target, 40));
                    Weight(vs, 0, "canary").Should().Be((int)expected["afterSetWeight40"]!["route0Canary"]!);
                    Weight(vs, 1, "stable").Should().Be((int)expected["afterSetWeight40"]!["route1Stable"]!);
                    vs = Ok(ManagedRoutes.SetMirrorRoute(vs, reference, target, drHost, Mirror("test-mirror-3", null, null)));
                    Names(vs).Should().Equal(VectorInputs.Strings(expected["afterDelete"]));
                    vs = Ok(ManagedRoutes.RemoveManagedRoutes(vs, target.ManagedRoutes!.ToList()));
                    vs.Spec.Http.Should().HaveCount((int)expected["afterRemoveManagedRoutes"]!["routeCount"]!);
                    break;
                }

            case "TestHttpReconcileMirrorRouteSubset":
                {
                    var step = ApiJson.Deserialize<SetMirrorRoute>(input["step"]!["setMirrorRoute"]!);
                    var vs = Ok(ManagedRoutes.SetMirrorRoute(SingleRouteSubsetVsvc(), reference, target, "rollout-service", step));
                    Names(vs).Should().Equal(VectorInputs.Strings(expected["httpRouteNames"]));
                    var want = expected["route0"]!;
                    vs.Spec.Http![0].Mirror.Should().Match<Destination>(d =>
                        d.Host == (string?)want["mirror"]!["host"] && d.Subset == (string?)want["mirror"]!["subset"]);
                    vs.Spec.Http[0].Route!.Select(d => new[] { d.Destination.Host, d.Destination.Subset })
                        .Should().BeEquivalentTo(want["destinations"]!.AsArray().Select(p => p!.AsArray().Select(x => (string?)x).ToArray()), o => o.WithStrictOrdering());
                    vs.Spec.Http[1].Mirror.Should().BeNull();
                    vs = Ok(ManagedRoutes.RemoveManagedRoutes(vs, target.ManagedRoutes!.ToList()));
                    vs.Spec.Http.Should().HaveCount((int)expected["afterRemoveManagedRoutes"]!["routeCount"]!);
                    break;
                }

            case "TestHttpReconcileMirrorRouteWithExtraFields / TestHttpReconcileHeaderRouteWithExtra":
                {
                    reference = new IstioVirtualServiceRef { Name = "vsvc", Routes = ["primary"] };
                    target = new IstioTrafficTarget { StableService = "stable", CanaryService = "canary", ManagedRoutes = ["test-mirror-1", "test-header-route"] };
                    var original = RegularVsvcWithExtra();
                    var vs = Ok(ManagedRoutes.SetMirrorRoute(original, reference, target, null, Mirror("test-mirror-1", "GET", null)));
                    vs = Ok(ManagedRoutes.SetHeaderRoute(vs, reference, target, null, new SetHeaderRoute
                    {
                        Name = "test-header-route",
                        Match = [new HeaderRoutingMatch { HeaderName = "agent", HeaderValue = new StringMatch { Exact = "firefox" } }],
                    }));
                    var header = vs.Spec.Http!.Single(r => r.Name == "test-header-route");
                    header.Route!.Single().Destination.Extra!["port"].GetProperty("number").GetInt64().Should().Be((int)expected["headerRouteDestinationPort"]!);
                    var mirror = vs.Spec.Http!.Single(r => r.Name == "test-mirror-1");
                    mirror.Mirror!.Extra!["port"].GetProperty("number").GetInt64().Should().Be(8443);
                    var primary = vs.Spec.Http!.Single(r => r.Name == "primary");
                    expected["preserved"]!.AsArray().Should().HaveCount(3);
                    primary.Extra.Should().ContainKeys("retries", "corsPolicy");
                    primary.Route![0].Destination.Extra!["port"].GetProperty("number").GetInt64().Should().Be(8443);
                    var removed = Ok(ManagedRoutes.RemoveManagedRoutes(vs, target.ManagedRoutes!.ToList()));
                    JsonNode.DeepEquals(ApiJson.ToNode(removed), ApiJson.ToNode(original)).Should().BeTrue("removing the managed routes restores the original VS, extras included");
                    break;
                }

            default:
                throw new InvalidOperationException("no replay for " + test);
        }
    }

    private static (IstioVirtualServiceRef Reference, IstioTrafficTarget Target, string? DrHost) Config(JsonNode? rollout)
    {
        var o = rollout?.AsObject() ?? [];
        var dr = VectorInputs.DestinationRuleRef(o["destinationRule"]);
        var target = new IstioTrafficTarget
        {
            StableService = (string?)o["stableService"] ?? "",
            CanaryService = (string?)o["canaryService"] ?? "",
            DestinationRule = dr,
            ManagedRoutes = o["managedRoutes"] is JsonArray m ? [.. m.Select(x => (string)x!["name"]!)] : ["test-header-route"],
        };
        if (target.StableService.Length == 0 && dr is null)
        {
            target = target with { StableService = "stable", CanaryService = "canary" };
        }

        var reference = o["virtualService"] is { } r ? ApiJson.Deserialize<IstioVirtualServiceRef>(r) : new IstioVirtualServiceRef { Name = "vsvc", Routes = ["primary"] };
        return (reference, target, dr is null ? null : "rollout-service");
    }

    private static SetMirrorRoute Mirror(string name, string? method, int? percentage) => new()
    {
        Name = name,
        Percentage = percentage,
        Match = method is null ? null : [JsonSerializer.SerializeToElement(new { method = new { exact = method } })],
    };

    private static VirtualService Ok(VirtualServiceUpdate update)
    {
        update.Error.Should().BeNull();
        return update.Updated;
    }

    private static IReadOnlyList<string> Names(VirtualService vs) => [.. vs.Spec.Http!.Select(r => r.Name ?? "")];

    private static int Weight(VirtualService vs, int route, string host) => vs.Spec.Http![route].Route!.Single(d => d.Destination.Host == host).Weight ?? 0;

    private static int MirrorPercentage(HttpRoute route) => (int)route.Extra!["mirrorPercentage"].GetProperty("value").GetDouble();

    private static VirtualService FromWeightsFile(int index) =>
        ApiJson.Deserialize<VirtualService>(VectorFile.Get("istio_virtualservice_weights.json", index)["input"]!["virtualService"]!);

    /// <summary>regularVsvc: routes primary and secondary, each stable 100 / canary 0 (weights vector 0).</summary>
    private static VirtualService RegularVsvc() => FromWeightsFile(0);

    /// <summary>singleRouteVsvc: one unnamed route stable 100 / canary 0 (weights vector 31).</summary>
    private static VirtualService SingleRouteVsvc() => FromWeightsFile(31);

    private static VirtualService SingleRouteSubsetVsvc() => ApiJson.Deserialize<VirtualService>("""
        {"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"vsvc","namespace":"default"},
         "spec":{"gateways":["istio-rollout-gateway"],"hosts":["istio-rollout.dev.argoproj.io"],
          "http":[{"route":[{"destination":{"host":"rollout-service","subset":"stable-subset"},"weight":100},
                            {"destination":{"host":"rollout-service","subset":"canary-subset"},"weight":0}]}]}}
        """);

    private static VirtualService RegularVsvcWithExtra() => ApiJson.Deserialize<VirtualService>("""
        {"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"vsvc","namespace":"default"},
         "spec":{"gateways":["istio-rollout-gateway"],"hosts":["istio-rollout.dev.argoproj.io"],
          "http":[{"name":"primary","retries":{"attempts":3,"perTryTimeout":"10s","retryOn":"gateway-error,connect-failure,refused-stream"},
                   "corsPolicy":{"allowOrigins":[{"exact":"https://example.com"}],"allowMethods":["POST","GET"],"allowCredentials":false,"allowHeaders":["X-Foo-Bar"],"maxAge":"24h"},
                   "route":[{"destination":{"host":"stable","port":{"number":8443}},"weight":100},{"destination":{"host":"canary","port":{"number":8443}},"weight":0}]},
                  {"name":"secondary","retries":{"attempts":3,"perTryTimeout":"10s","retryOn":"gateway-error,connect-failure,refused-stream"},
                   "corsPolicy":{"allowOrigins":[{"exact":"https://example.com"}],"allowMethods":["POST","GET"],"allowCredentials":false,"allowHeaders":["X-Foo-Bar"],"maxAge":"24h"},
                   "route":[{"destination":{"host":"stable","port":{"number":8443}},"weight":100},{"destination":{"host":"canary","port":{"number":8443}},"weight":0}]}]}}
        """);
}
