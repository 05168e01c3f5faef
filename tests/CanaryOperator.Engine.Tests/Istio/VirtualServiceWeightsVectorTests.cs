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
/// <c>istio_virtualservice_weights.json</c>: SetWeight on one VirtualService. Besides every asserted and derived
/// weight, each case checks that the produced JSON Patch turns the original document into the updated one.
/// </summary>
public sealed class VirtualServiceWeightsVectorTests
{
    [Theory]
    [MemberData(nameof(VectorFile.Cases), "istio_virtualservice_weights.json", MemberType = typeof(VectorFile))]
    public void Vector(string file, int index, string description)
    {
        var (_, _, input, expected) = VectorFile.Case(file, index);
        var rollout = VectorInputs.Rollout(input["rollout"]);
        var target = IstioTrafficTarget.From(rollout);

        VirtualService vs;
        try
        {
            vs = ApiJson.Deserialize<VirtualService>(input["virtualService"]!);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // A malformed VirtualService (e.g. a tls entry that is not an object) cannot even be read: an error.
            expected.ContainsKey("error").Should().BeTrue(description + ": unreadable VS must be an error vector ({0})", e.Message);
            return;
        }

        var reference = ReferenceFor(rollout, vs.Metadata.Name);
        var result = VirtualServiceWeights.Apply(vs, reference, target, (int)input["desiredWeight"]!, VectorInputs.Additional(input["additionalDestinations"]));

        if (expected["error"] is { } error)
        {
            result.Error.Should().NotBeNull(description);
            if ((string?)error != "<any error>")
            {
                result.Error.Should().Be((string?)error);
            }

            result.Changed.Should().BeFalse();
            return;
        }

        result.Error.Should().BeNull(description);
        var updated = result.Updated;
        foreach (var w in expected["assertedWeights"]!.AsArray())
        {
            var destinations = Destinations(updated, (string)w!["routeType"]!, (int)w["routeIndex"]!);
            var destination = w["host"] is { } host
                ? destinations.Single(d => d.Destination.Host == (string?)host)
                : destinations[(int)w["destinationIndex"]!];
            (destination.Weight ?? 0).Should().Be((int)w["weight"]!, "{0}: {1}", description, w.ToJsonString());
        }

        if (expected["assertedDestinationCounts"] is JsonArray counts)
        {
            foreach (var c in counts)
            {
                Destinations(updated, (string)c!["routeType"]!, (int)c["routeIndex"]!).Should().HaveCount((int)c["count"]!);
            }
        }

        if (expected["virtualServiceUpdated"] is { } changed)
        {
            result.Changed.Should().Be((bool)changed);
        }

        foreach (var (section, routes) in expected["derivedFullRoutes"]!.AsObject())
        {
            var actual = Section(updated, section);
            actual.Should().HaveCount(routes!.AsArray().Count, section);
            for (var i = 0; i < actual.Count; i++)
            {
                var want = routes[i]!;
                (actual[i].Name ?? "").Should().Be((string?)want["name"] ?? "");
                var wantDestinations = want["destinations"]!.AsArray()
                    .Select(d => ((string?)d!["host"], (string?)d["subset"], (int)d["weight"]!));
                actual[i].Destinations.Select(d => (d.Destination.Host, d.Destination.Subset, d.Weight ?? 0))
                    .Should().Equal(wantDestinations, "{0}: {1}[{2}]", description, section, i);
            }
        }

        var patched = result.Patch.Apply(ApiJson.ToNode(vs));
        JsonNode.DeepEquals(patched, ApiJson.ToNode(updated)).Should().BeTrue("the JSON Patch must reproduce the typed result");
    }

    private static IstioVirtualServiceRef ReferenceFor(Rollout rollout, string? vsName)
    {
        var refs = VirtualServiceName.References(rollout.Spec.Strategy.Canary!.TrafficRouting!.Istio);
        return refs.FirstOrDefault(r => VirtualServiceName.Parse(r.Name ?? "", "default").Name == vsName) ?? refs[0];
    }

    private sealed record RouteView(string? Name, IReadOnlyList<RouteDestination> Destinations);

    private static IReadOnlyList<RouteView> Section(VirtualService vs, string section) => section switch
    {
        "http" => [.. (vs.Spec.Http ?? []).Select(r => new RouteView(r.Name, r.Route ?? []))],
        "tls" => [.. (vs.Spec.Tls ?? []).Select(r => new RouteView(null, r.Route ?? []))],
        "tcp" => [.. (vs.Spec.Tcp ?? []).Select(r => new RouteView(null, r.Route ?? []))],
        _ => throw new ArgumentException(section),
    };

    private static IReadOnlyList<RouteDestination> Destinations(VirtualService vs, string section, int index) => Section(vs, section)[index].Destinations;
}
