using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CsCheck;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary>
/// Properties of <see cref="VirtualServiceWeights.Apply"/> over random VirtualService shapes: selected routes sum to
/// 100, nothing but weights changes (when no destination has to be deleted), a second apply is a no-op, and the
/// produced JSON Patch applied to the original JSON gives exactly the typed result.
/// </summary>
public sealed class VirtualServiceWeightsPropertyTests
{
    private static readonly IstioVirtualServiceRef Reference = new() { Name = "vsvc", Routes = ["primary"] };
    private static readonly IstioTrafficTarget Target = new() { StableService = "stable", CanaryService = "canary" };

    private static readonly Gen<string> Weight = Gen.OneOf(Gen.Const(""), Gen.Int[0, 100].Select(w => $",\"weight\":{w}"));

    private static readonly Gen<string> PortExtra = Gen.OneOf<string>("", ",\"port\":{\"number\":8080}");

    private static readonly Gen<string> RouteExtra = Gen.OneOf<string>(
        "",
        ",\"retries\":{\"attempts\":3}",
        ",\"match\":[{\"uri\":{\"prefix\":\"/api\"}}],\"timeout\":\"5s\"",
        ",\"headers\":{\"request\":{\"set\":{\"x\":\"y\"}}}");

    private static Gen<string> Destination(string host) =>
        from weight in Weight
        from port in PortExtra
        select $"{{\"destination\":{{\"host\":\"{host}\"{port}}}{weight}}}";

    /// <param name="unknownWeightsNonZero">Include unknown destinations with a non-zero weight (which get deleted).</param>
    private static Gen<(VirtualService Vs, int Desired)> Shapes(bool unknownWeightsNonZero) =>
        from stable in Destination("stable.default.svc.cluster.local")
        from canary in Destination("canary")
        from swap in Gen.Bool
        from unknownCount in Gen.Int[0, 2]
        from unknownWeight in unknownWeightsNonZero ? Gen.Int[1, 50] : Gen.Const(0)
        from primaryExtra in RouteExtra
        from secondary in Gen.Bool
        from secondaryExtra in RouteExtra
        from withTls in Gen.Bool
        from primaryFirst in Gen.Bool
        from desired in Gen.Int[0, 100]
        select (Build(stable, canary, swap, unknownCount, unknownWeight, primaryExtra, secondary, secondaryExtra, withTls, primaryFirst), desired);

    private static VirtualService Build(string stable, string canary, bool swap, int unknownCount, int unknownWeight, string primaryExtra,
        bool secondary, string secondaryExtra, bool withTls, bool primaryFirst)
    {
        var destinations = new List<string> { swap ? canary : stable, swap ? stable : canary };
        for (var i = 0; i < unknownCount; i++)
        {
            destinations.Insert(i, $"{{\"destination\":{{\"host\":\"other-{i}\"}},\"weight\":{unknownWeight}}}");
        }

        var primary = $"{{\"name\":\"primary\",\"route\":[{string.Join(",", destinations)}]{primaryExtra}}}";
        var routes = new List<string> { primary };
        if (secondary)
        {
            var other = $"{{\"name\":\"secondary\",\"route\":[{{\"destination\":{{\"host\":\"stable\"}},\"weight\":100}}]{secondaryExtra}}}";
            routes.Insert(primaryFirst ? 1 : 0, other);
        }

        var tls = withTls
            ? $",\"tls\":[{{\"match\":[{{\"port\":443,\"sniHosts\":[\"a.example.com\"]}}],\"route\":[{stable},{canary}]}}]"
            : "";
        return ApiJson.Deserialize<VirtualService>(
            $"{{\"apiVersion\":\"networking.istio.io/v1alpha3\",\"kind\":\"VirtualService\",\"metadata\":{{\"name\":\"vsvc\",\"namespace\":\"default\",\"resourceVersion\":\"7\"}},"
            + $"\"spec\":{{\"hosts\":[\"svc\"],\"gateways\":[\"gw\"],\"http\":[{string.Join(",", routes)}]{tls}}}}}");
    }

    [Fact]
    public void Selected_routes_sum_to_100()
    {
        Shapes(unknownWeightsNonZero: true).Sample(t =>
        {
            var result = VirtualServiceWeights.Apply(t.Vs, Reference, Target, t.Desired);
            result.Error.Should().BeNull();
            var primary = result.Updated.Spec.Http!.Single(r => r.Name == "primary");
            primary.Route!.Sum(d => d.Weight ?? 0).Should().Be(100);
            primary.Route!.Single(d => d.Destination.Host == "canary").Weight.GetValueOrDefault().Should().Be(t.Desired);
            foreach (var tls in result.Updated.Spec.Tls ?? [])
            {
                tls.Route!.Sum(d => d.Weight ?? 0).Should().Be(100);
            }
        }, iter: 500);
    }

    [Fact]
    public void Only_weights_change()
    {
        Shapes(unknownWeightsNonZero: false).Sample(t =>
        {
            var result = VirtualServiceWeights.Apply(t.Vs, Reference, Target, t.Desired);
            WithoutWeights(result.Updated).Should().Be(WithoutWeights(t.Vs));
        }, iter: 500);
    }

    [Fact]
    public void Applying_twice_is_a_no_op()
    {
        Shapes(unknownWeightsNonZero: true).Sample(t =>
        {
            var once = VirtualServiceWeights.Apply(t.Vs, Reference, Target, t.Desired);
            var twice = VirtualServiceWeights.Apply(once.Updated, Reference, Target, t.Desired);
            twice.Changed.Should().BeFalse();
            twice.Patch.IsEmpty.Should().BeTrue();
            ApiJson.Serialize(twice.Updated).Should().Be(ApiJson.Serialize(once.Updated));
        }, iter: 500);
    }

    [Fact]
    public void The_json_patch_reproduces_the_typed_transform()
    {
        Shapes(unknownWeightsNonZero: true).Sample(t =>
        {
            var result = VirtualServiceWeights.Apply(t.Vs, Reference, Target, t.Desired);
            var patched = result.Patch.Apply(ApiJson.ToNode(t.Vs));
            JsonNode.DeepEquals(patched, ApiJson.ToNode(result.Updated)).Should().BeTrue(result.Patch.ToJsonString());
            result.Changed.Should().Be(!result.Patch.IsEmpty);
        }, iter: 500);
    }

    [Fact]
    public void The_json_patch_fails_when_the_live_object_changed_underneath()
    {
        Shapes(unknownWeightsNonZero: true).Where(t => t.Vs.Spec.Http!.Count == 2).Sample(t =>
        {
            var result = VirtualServiceWeights.Apply(t.Vs, Reference, Target, t.Desired);
            if (!result.Patch.Operations.Any(o => o.Path.StartsWith("/spec/http/", StringComparison.Ordinal)))
            {
                return; // nothing in the http section is written, so a change there does not concern this patch
            }

            // Someone swapped the two http routes after we read the object: every write must be refused.
            var live = ApiJson.ToNode(t.Vs);
            var http = live["spec"]!["http"]!.AsArray();
            var first = http[0]!.DeepClone();
            http[0] = http[1]!.DeepClone();
            http[1] = first;
            var apply = () => result.Patch.Apply(live);
            apply.Should().Throw<JsonPatchException>();
        }, iter: 300);
    }

    private static string WithoutWeights(VirtualService vs)
    {
        var node = ApiJson.ToNode(vs);
        foreach (var section in new[] { "http", "tls", "tcp" })
        {
            foreach (var route in node["spec"]![section]?.AsArray() ?? [])
            {
                foreach (var destination in route!["route"]?.AsArray() ?? [])
                {
                    destination!.AsObject().Remove("weight");
                }
            }
        }

        return node.ToJsonString();
    }
}
