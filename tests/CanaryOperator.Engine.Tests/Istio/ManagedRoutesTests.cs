using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

public sealed class ManagedRoutesTests
{
    [Fact]
    public void Routes_to_remove_are_the_managed_routes_then_step_routes_without_duplicates()
    {
        var rollout = ApiJson.Deserialize<Rollout>("""
            {"spec":{"strategy":{"canary":{"trafficRouting":{"managedRoutes":[{"name":"h1"},{"name":"m1"}]},
              "steps":[{"setWeight":10},{"setHeaderRoute":{"name":"h1"}},{"setMirrorRoute":{"name":"m2"}}]}}}}
            """);
        ManagedRoutes.RouteNamesToRemove(rollout).Should().Equal("h1", "m1", "m2");
        ManagedRoutes.RouteNamesToRemove(new Rollout()).Should().BeEmpty();
    }
}
