using System.Text.Json.Nodes;
using CanaryOperator.Engine.Istio;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

public sealed class HttpRoutePatchTests
{
    private static JsonNode Vs(params string[] routes) =>
        JsonNode.Parse("""{"metadata":{"name":"vs"},"spec":{"hosts":["demo"],"http":[""" + string.Join(",", routes) + "]}}")!;

    private const string Primary = """{"name":"primary","route":[{"destination":{"host":"stable"},"weight":100}]}""";
    private const string Header = """{"name":"hdr","route":[{"destination":{"host":"canary"},"weight":100}]}""";
    private const string Other = """{"name":"other","route":[{"destination":{"host":"x"}}]}""";

    private static string Ops(JsonPatchDocument patch) => string.Join(" ", patch.Operations.Select(o => $"{o.Op}:{o.Path}"));

    [Fact]
    public void Inserting_a_route_adds_it_in_front_of_the_guarded_neighbour()
    {
        var patch = HttpRoutePatch.TryBuild(Vs(Primary, Other), Vs(Header, Primary, Other))!;
        Ops(patch).Should().Be("test:/spec/http/0/name add:/spec/http/0");
        patch.Operations[0].Value!.GetValue<string>().Should().Be("primary");
    }

    [Fact]
    public void The_patch_keeps_fields_the_server_holds_that_the_planner_never_saw()
    {
        var patch = HttpRoutePatch.TryBuild(Vs(Primary, Other), Vs(Header, Primary, Other))!;
        var server = Vs(Primary, Other);
        server["spec"]!["http"]![1]!["corsPolicy"] = JsonNode.Parse("""{"allowOrigins":[{"exact":"a"}]}""");
        var result = patch.Apply(server);
        result["spec"]!["http"]!.AsArray().Select(r => (string?)r!["name"]).Should().Equal("hdr", "primary", "other");
        result["spec"]!["http"]![2]!["corsPolicy"].Should().NotBeNull("untouched routes are never replaced");
    }

    [Fact]
    public void Removing_a_route_tests_its_name_first()
    {
        var patch = HttpRoutePatch.TryBuild(Vs(Header, Primary), Vs(Primary))!;
        Ops(patch).Should().Be("test:/spec/http/0/name remove:/spec/http/0");
        patch.Apply(Vs(Header, Primary))["spec"]!["http"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public void Re_creating_a_changed_route_removes_then_inserts_it()
    {
        var changed = Header.Replace("{\"name\":\"hdr\",", "{\"name\":\"hdr\",\"timeout\":\"1s\",", StringComparison.Ordinal);
        var patch = HttpRoutePatch.TryBuild(Vs(Header, Primary), Vs(changed, Primary))!;
        Ops(patch).Should().Be("test:/spec/http/0/name remove:/spec/http/0 test:/spec/http/0/name add:/spec/http/0");
        ((string?)patch.Apply(Vs(Header, Primary))["spec"]!["http"]![0]!["timeout"]).Should().Be("1s");
    }

    [Fact]
    public void A_concurrent_reordering_makes_the_patch_fail()
    {
        var patch = HttpRoutePatch.TryBuild(Vs(Header, Primary, Other), Vs(Primary, Other))!;
        var act = () => patch.Apply(Vs(Primary, Header, Other));
        act.Should().Throw<JsonPatchException>();
    }

    [Fact]
    public void Changes_outside_named_route_insertions_are_left_to_the_generic_diff()
    {
        var unnamed = """{"route":[{"destination":{"host":"stable"}}]}""";
        HttpRoutePatch.TryBuild(Vs(unnamed, Primary), Vs(Primary)).Should().BeNull("an unnamed route cannot be guarded by name");
        var otherHosts = Vs(Header, Primary);
        otherHosts["spec"]!["hosts"] = new JsonArray("elsewhere");
        HttpRoutePatch.TryBuild(Vs(Primary), otherHosts).Should().BeNull();
    }
}
