using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.EngineTesting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Scenarios;

/// <summary>
/// setHeaderRoute / setMirrorRoute steps and <c>managedRoutes</c> through whole lifecycles (§4.2b, §5.6): the routes
/// appear at their steps above the primary route, follow the weights (mirror routes), and disappear on promote-full,
/// abort, full promotion and a canary without pods — with patches that leave every other route untouched.
/// </summary>
public sealed class ManagedRouteScenarioTests
{
    // The e2e fixture header-routing/istio-hr-host.yaml, on the fake cluster (the VS starts at 80/20 as there).
    private const string HeaderSteps = """
        [{"setWeight":20},
         {"setHeaderRoute":{"name":"set-header-1","match":[{"headerName":"agent","headerValue":{"regex":"firefox(.*)"}}]}},
         {"pause":{}},
         {"setHeaderRoute":{"name":"set-header-1","match":[{"headerName":"agent","headerValue":{"regex":"chrome(.*)"}}]}},
         {"pause":{}},
         {"setWeight":40},
         {"setHeaderRoute":{"name":"set-header-1"}},
         {"pause":{}}]
        """;

    // mirror-route/istio-mirror-host.yaml.
    private const string MirrorSteps = """
        [{"setWeight":20},
         {"setMirrorRoute":{"name":"mirror-route-1","percentage":100,"match":[{"path":{"prefix":"/"}}]}},
         {"setMirrorRoute":{"name":"mirror-route-2","percentage":80,"match":[{"path":{"prefix":"/"},"method":{"exact":"GET"}}]}},
         {"pause":{}},
         {"setMirrorRoute":{"name":"mirror-route-1","percentage":100,"match":[{"path":{"prefix":"/rewrite"}}]}},
         {"pause":{}},
         {"setWeight":40},
         {"setMirrorRoute":{"name":"mirror-route-1"}},
         {"pause":{}}]
        """;

    // A user route the rollout does not own, with fields we do not model, below the primary route.
    private const string UserRoute = """{"name":"legacy","match":[{"uri":{"prefix":"/old"}}],"route":[{"destination":{"host":"legacy"}}],"retries":{"attempts":3}}""";

    private static FakeCluster Host(string steps, params string[] managed)
    {
        var managedRoutes = string.Join(",", managed.Select(m => "{\"name\":\"" + m + "\"}"));
        var rollout = LifecycleSetup.Rollout(5, """
            "canaryService":"canary-svc","stableService":"stable-svc",
            "trafficRouting":{"managedRoutes":[@managed@],"istio":{"virtualService":{"name":"vs","routes":["primary"]}}},
            "steps":@steps@
            """.Replace("@managed@", managedRoutes, StringComparison.Ordinal).Replace("@steps@", steps, StringComparison.Ordinal));
        var cluster = new FakeCluster(rollout, LifecycleSetup.Start);
        var vs = LifecycleSetup.VirtualService("""{"destination":{"host":"stable-svc","port":{"number":80}},"weight":80},{"destination":{"host":"canary-svc","port":{"number":80}},"weight":20}""");
        vs["spec"]!["http"]![0]!["timeout"] = "5s";
        vs["spec"]!["http"]!.AsArray().Add(JsonNode.Parse(UserRoute));
        cluster.AddVirtualService(vs);
        cluster.AddService(new ServiceState { Name = "canary-svc", Selector = new Dictionary<string, string> { ["app"] = "demo" } });
        cluster.AddService(new ServiceState { Name = "stable-svc", Selector = new Dictionary<string, string> { ["app"] = "demo" } });
        return cluster;
    }

    private static bool PausedAt(FakeCluster c, int index) =>
        c.Rollout.Status?.CurrentStepIndex == index && c.Rollout.Status.Phase == RolloutPhases.Paused
        && c.Rollout.Status.Conditions?.Any(x => x.Type == RolloutConditionTypes.Paused && x.Status == "True") == true;

    private static JsonArray Http(FakeCluster c) => c.VirtualService("vs")["spec"]!["http"]!.AsArray();

    private static string[] Names(FakeCluster c) => [.. Http(c).Select(r => (string?)r!["name"] ?? "")];

    private static JsonObject Route(FakeCluster c, string name) => Http(c).Single(r => (string?)r!["name"] == name)!.AsObject();

    private static (int Stable, int Canary) Weights(JsonObject route)
    {
        var destinations = route["route"]!.AsArray();
        int Of(string host) => destinations.Where(d => (string?)d!["destination"]!["host"] == host).Select(d => (int?)d!["weight"] ?? 0).Single();
        return (Of("stable-svc"), Of("canary-svc"));
    }

    private static void Update(FakeCluster c) => LifecycleSetup.SetImage(c, "demo:2");

    private static void UserRouteIsUntouched(FakeCluster c)
    {
        JsonNode.DeepEquals(Route(c, "legacy"), JsonNode.Parse(UserRoute)).Should().BeTrue("routes the rollout does not own are never rewritten");
        ((string?)Route(c, "primary")["timeout"]).Should().Be("5s");
    }

    [Fact]
    public void Header_route_follows_the_steps_of_the_argo_fixture()
    {
        var c = Host(HeaderSteps, "set-header-1");
        c.Run();
        Names(c).Should().Equal("primary", "legacy");

        Update(c);
        c.Run(c2 => PausedAt(c2, 2));
        Names(c).Should().Equal("set-header-1", "primary", "legacy");
        var header = Route(c, "set-header-1");
        JsonNode.DeepEquals(header["match"], JsonNode.Parse("""[{"headers":{"agent":{"regex":"firefox(.*)"}}}]""")).Should().BeTrue();
        JsonNode.DeepEquals(header["route"], JsonNode.Parse("""[{"destination":{"host":"canary-svc","port":{"number":80}},"weight":100}]"""))
            .Should().BeTrue("the header route sends everything it matches to the canary Service, on the primary route's port");
        Weights(Route(c, "primary")).Should().Be((80, 20));

        LifecycleSetup.Promote(c);
        c.Run(c2 => PausedAt(c2, 4));
        Names(c).Should().Equal("set-header-1", "primary", "legacy");
        ((string?)Route(c, "set-header-1")["match"]![0]!["headers"]!["agent"]!["regex"]).Should().Be("chrome(.*)");

        LifecycleSetup.Promote(c);
        c.Run(c2 => PausedAt(c2, 7));
        Names(c).Should().Equal("primary", "legacy");
        Weights(Route(c, "primary")).Should().Be((60, 40));

        LifecycleSetup.PromoteFull(c);
        c.Run();
        c.Rollout.Status!.Phase.Should().Be(RolloutPhases.Healthy);
        Names(c).Should().Equal("primary", "legacy");
        Weights(Route(c, "primary")).Should().Be((100, 0));
        UserRouteIsUntouched(c);
        c.History.SelectMany(p => p.Events).Should().Contain(e => e.Reason == EventReasons.RolloutStepCompleted && e.Message.Contains("setHeaderRoute: set-header-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Mirror_routes_copy_and_follow_the_weights_then_all_go_on_promote_full()
    {
        var c = Host(MirrorSteps, "mirror-route-1", "mirror-route-2");
        c.Run();
        Update(c);
        c.Run(c2 => PausedAt(c2, 3));
        Names(c).Should().Equal("mirror-route-1", "mirror-route-2", "primary", "legacy");
        ((int)Route(c, "mirror-route-1")["mirrorPercentage"]!["value"]!).Should().Be(100);
        ((int)Route(c, "mirror-route-2")["mirrorPercentage"]!["value"]!).Should().Be(80);
        ((string?)Route(c, "mirror-route-1")["mirror"]!["host"]).Should().Be("canary-svc");
        JsonNode.DeepEquals(Route(c, "mirror-route-2")["match"], JsonNode.Parse("""[{"method":{"exact":"GET"},"uri":{"prefix":"/"}}]""")).Should().BeTrue();
        foreach (var name in new[] { "mirror-route-1", "mirror-route-2", "primary" })
        {
            Weights(Route(c, name)).Should().Be((80, 20), name);
        }

        LifecycleSetup.Promote(c);
        c.Run(c2 => PausedAt(c2, 5));
        ((string?)Route(c, "mirror-route-1")["match"]![0]!["uri"]!["prefix"]).Should().Be("/rewrite");
        LifecycleSetup.Promote(c);
        c.Run(c2 => PausedAt(c2, 8));
        Names(c).Should().Equal("mirror-route-2", "primary", "legacy");
        Weights(Route(c, "mirror-route-2")).Should().Be((60, 40), "SetWeight also moves the mirror routes listed in managedRoutes");
        Weights(Route(c, "primary")).Should().Be((60, 40));

        LifecycleSetup.PromoteFull(c);
        c.Run();
        Names(c).Should().Equal("primary", "legacy");
        Weights(Route(c, "primary")).Should().Be((100, 0));
        UserRouteIsUntouched(c);
    }

    [Fact]
    public void Abort_removes_the_header_route_with_the_canary_weight()
    {
        var c = Host(HeaderSteps, "set-header-1");
        c.Run();
        Update(c);
        c.Run(c2 => PausedAt(c2, 2));
        Names(c).Should().Contain("set-header-1");

        LifecycleSetup.Abort(c);
        var passes = c.History.Count;
        c.Run(c2 => c2.Rollout.Status?.Phase == RolloutPhases.Degraded);
        Names(c).Should().Equal("primary", "legacy");
        Weights(Route(c, "primary")).Should().Be((100, 0));
        c.History.Skip(passes).Single(p => p.Actions.Count > 0).Actions.OfType<UpdateVirtualService>()
            .Should().HaveCount(2, "the route removal and the weight reset are separate guarded patches in one pass");
        c.Run();
        Names(c).Should().Equal(["primary", "legacy"], "an aborted rollout at step 0 never re-creates a route");
        UserRouteIsUntouched(c);
    }

    [Fact]
    public void A_canary_without_available_pods_loses_its_header_route()
    {
        var c = Host(HeaderSteps, "set-header-1");
        c.Run();
        Update(c);
        c.Run(c2 => PausedAt(c2, 2));
        var canary = c.ReplicaSetByRevision(2);
        c.Unready.Add(canary.PodTemplateHash);
        c.AddReplicaSet(canary with { AvailableReplicas = 0, ReadyReplicas = 0 });
        c.Pass();
        c.Pass();
        Names(c).Should().Equal("primary", "legacy");
        Weights(Route(c, "primary")).Should().Be((100, 0));
    }

    [Fact]
    public void Header_route_step_waits_while_the_stable_cannot_take_the_traffic_back()
    {
        var c = Host(HeaderSteps, "set-header-1");
        c.Run();
        Update(c);
        c.Run(c2 => c2.Rollout.Status?.CurrentStepIndex == 1);
        Names(c).Should().Equal("primary", "legacy");
        var stable = c.ReplicaSetByRevision(1);
        c.Unready.Add(stable.PodTemplateHash);
        c.AddReplicaSet(stable with { AvailableReplicas = 2, ReadyReplicas = 2 });

        for (var i = 0; i < 3; i++)
        {
            c.Pass();
            c.Rollout.Status!.CurrentStepIndex.Should().Be(1, "the step completes only once its route is written (Argo would skip the route)");
            Names(c).Should().Equal("primary", "legacy");
        }

        c.Unready.Remove(stable.PodTemplateHash);
        c.Run(c2 => PausedAt(c2, 2));
        Names(c).Should().Equal("set-header-1", "primary", "legacy");
    }

    [Fact]
    public void Header_route_with_a_destination_rule_points_at_its_host_and_canary_subset()
    {
        var rollout = LifecycleSetup.Rollout(5, """
            "trafficRouting":{"managedRoutes":[{"name":"hdr"}],"istio":{"virtualService":{"name":"vs","routes":["primary"]},
              "destinationRule":{"name":"dr","canarySubsetName":"canary","stableSubsetName":"stable"}}},
            "steps":[{"setWeight":20},{"setHeaderRoute":{"name":"hdr","match":[{"headerName":"x-canary","headerValue":{"exact":"yes"}}]}},{"pause":{}}]
            """);
        var c = new FakeCluster(rollout, LifecycleSetup.Start);
        c.AddVirtualService(LifecycleSetup.VirtualService("""{"destination":{"host":"demo","subset":"stable"},"weight":100},{"destination":{"host":"demo","subset":"canary"},"weight":0}"""));
        c.DestinationRule = JsonNode.Parse("""
            {"metadata":{"name":"dr","namespace":"default"},
             "spec":{"host":"demo.default.svc.cluster.local","subsets":[{"name":"stable","labels":{"app":"demo"}},{"name":"canary","labels":{"app":"demo"}}]}}
            """);
        c.Run();
        Update(c);
        c.Run(c2 => PausedAt(c2, 2));
        Names(c).Should().Equal("hdr", "primary");
        JsonNode.DeepEquals(Route(c, "hdr")["route"], JsonNode.Parse("""[{"destination":{"host":"demo.default.svc.cluster.local","subset":"canary"},"weight":100}]""")).Should().BeTrue();
    }

    [Fact]
    public void Replanning_the_same_state_writes_no_route_again()
    {
        var c = Host(HeaderSteps, "set-header-1");
        c.Run();
        Update(c);
        c.Run(c2 => PausedAt(c2, 2));
        CanaryPlanner.Plan(c.Snapshot()).Actions.Should().BeEmpty();
    }
}
