using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary>Our deliberate departures from Argo (each documented where it is implemented).</summary>
public sealed class IstioImprovementTests
{
    private static readonly IstioTrafficTarget Target = new() { StableService = "stable", CanaryService = "canary", ManagedRoutes = ["header"] };

    private static VirtualService Vs(string http) => ApiJson.Deserialize<VirtualService>(
        "{\"metadata\":{\"name\":\"vsvc\",\"namespace\":\"default\"},\"spec\":{\"http\":" + http + "}}");

    private const string Primary = "{\"name\":\"primary\",\"route\":[{\"destination\":{\"host\":\"stable\"},\"weight\":100},{\"destination\":{\"host\":\"canary\"},\"weight\":0}]}";
    private const string Header = "{\"name\":\"header\",\"route\":[{\"destination\":{\"host\":\"canary\"},\"weight\":100}]}";

    [Fact]
    public void All_named_http_routes_with_routes_omitted_is_an_error_instead_of_a_silent_no_op()
    {
        var vs = Vs($"[{Header},{Primary}]");
        var reference = new IstioVirtualServiceRef { Name = "vsvc" };

        // Argo's own checks pass (one unmanaged route) and select nothing ...
        RouteValidation.Http(Target, reference.Routes, vs.Spec.Http).Should().BeNull();
        RouteSelection.Http(reference.Routes, vs.Spec.Http).Indexes.Should().BeEmpty();

        // ... so we refuse rather than leave the primary route at 100/0 forever.
        RouteValidation.Validate(vs, reference, Target).Should().Equal(RouteValidation.NoUnnamedHttpRoute);
        var result = VirtualServiceWeights.Apply(vs, reference, Target, 20);
        result.Error.Should().Be(RouteValidation.NoUnnamedHttpRoute);
        result.Changed.Should().BeFalse();
        result.Patch.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_single_named_route_or_an_unnamed_one_is_still_inferred()
    {
        RouteValidation.Validate(Vs($"[{Primary}]"), new IstioVirtualServiceRef { Name = "vsvc" }, Target).Should().BeEmpty();
        var unnamed = Primary.Replace("\"name\":\"primary\",", "", StringComparison.Ordinal);
        var result = VirtualServiceWeights.Apply(Vs($"[{Header},{unnamed}]"), new IstioVirtualServiceRef { Name = "vsvc" }, Target, 30);
        result.Error.Should().BeNull();
        result.Updated.Spec.Http![1].Route!.Select(d => d.Weight).Should().Equal(70, 30);
    }

    [Fact]
    public void A_routes_name_missing_from_the_virtual_service_is_an_error_as_in_Argo()
    {
        var result = VirtualServiceWeights.Apply(Vs($"[{Primary}]"), new IstioVirtualServiceRef { Name = "vsvc", Routes = ["primary", "nope"] }, Target, 10);
        result.Error.Should().Be("HTTP Route 'nope' is not found in the defined Virtual Service.");
        result.Changed.Should().BeFalse();
    }

    [Fact]
    public void An_empty_header_match_removes_the_route_instead_of_matching_everything()
    {
        var reference = new IstioVirtualServiceRef { Name = "vsvc", Routes = ["primary"] };
        var vs = Vs($"[{Header},{Primary}]");
        var result = ManagedRoutes.SetHeaderRoute(vs, reference, Target, null, new SetHeaderRoute { Name = "header", Match = [] });
        result.Updated.Spec.Http!.Select(r => r.Name).Should().Equal("primary");
    }

    [Fact]
    public void Missing_virtual_service_destination_rule_and_subsets_name_the_field()
    {
        var rollout = ApiJson.Deserialize<Rollout>("""
            {"metadata":{"name":"ro","namespace":"default"},"spec":{"strategy":{"canary":{"trafficRouting":{"istio":{
              "virtualService":{"name":"vsvc.other","routes":["primary"]},
              "destinationRule":{"name":"dr","canarySubsetName":"canary","stableSubsetName":"stable"}}}}}}}
            """);
        var rule = ApiJson.Deserialize<DestinationRule>("""{"metadata":{"name":"dr"},"spec":{"subsets":[{"name":"stable"}]}}""");

        var missing = IstioReferenceValidation.Validate(rollout, (_, _) => null, null).Select(e => e.ToString());
        missing.Should().Equal(
            "spec.strategy.canary.trafficRouting.istio.virtualService.name: Invalid value: \"vsvc.other\": virtualservices.networking.istio.io \"vsvc\" not found",
            "spec.strategy.canary.trafficRouting.istio.destinationRule.name: Invalid value: \"dr\": destinationrules.networking.istio.io \"dr\" not found");

        string? askedNamespace = null;
        var subsetVs = Vs("[{\"name\":\"primary\",\"route\":[{\"destination\":{\"host\":\"svc\",\"subset\":\"stable\"},\"weight\":100},{\"destination\":{\"host\":\"svc\",\"subset\":\"canary\"}}]}]");
        var errors = IstioReferenceValidation.Validate(rollout, (ns, _) => { askedNamespace = ns; return subsetVs; }, rule).Select(e => e.ToString());
        askedNamespace.Should().Be("other");
        errors.Should().Equal(
            "spec.strategy.canary.trafficRouting.istio.destinationRule.canarySubsetName: Invalid value: \"canary\": subset 'canary' not found in DestinationRule 'dr'");
    }

    [Fact]
    public void Route_errors_are_reported_against_the_virtual_service_field()
    {
        var rollout = ApiJson.Deserialize<Rollout>("""
            {"metadata":{"name":"ro","namespace":"default"},"spec":{"strategy":{"canary":{"canaryService":"canary","stableService":"stable",
              "trafficRouting":{"istio":{"virtualServices":[{"name":"a"},{"name":"b","routes":["x"]}]}}}}}}
            """);
        var vs = Vs($"[{Primary}]");
        IstioReferenceValidation.Validate(rollout, (_, _) => vs, null).Select(e => e.ToString()).Should().Equal(
            "spec.strategy.canary.trafficRouting.istio.virtualServices[1].name: Invalid value: \"b\": HTTP Route 'x' is not found in the defined Virtual Service.");
        var both = rollout with { Spec = rollout.Spec with { Strategy = rollout.Spec.Strategy with { Canary = rollout.Spec.Strategy.Canary! with { TrafficRouting = new TrafficRouting { Istio = new IstioTrafficRouting() } } } } };
        IstioReferenceValidation.Validate(both, (_, _) => vs, null).Single().Detail.Should().Be(IstioReferenceValidation.EitherVirtualServiceOrVirtualServices);
    }
}
