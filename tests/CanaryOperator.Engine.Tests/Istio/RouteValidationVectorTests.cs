using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary><c>istio_routes_validation_and_names.json</c>: route selection, route validation, VS name parsing.</summary>
public sealed class RouteValidationVectorTests
{
    [Theory]
    [MemberData(nameof(VectorFile.Cases), "istio_routes_validation_and_names.json", MemberType = typeof(VectorFile))]
    public void Vector(string file, int index, string description)
    {
        var (function, _, input, expected) = VectorFile.Case(file, index);
        var target = new IstioTrafficTarget
        {
            StableService = (string?)input["stableService"] ?? "",
            CanaryService = (string?)input["canaryService"] ?? "",
            DestinationRule = VectorInputs.DestinationRuleRef(input["destinationRule"]),
        };

        switch (function)
        {
            case "getHttpRouteIndexesToPatch":
                var selected = RouteSelection.Http(VectorInputs.Strings(input["routeNames"]), VectorInputs.HttpRoutes(input["httpRoutes"]));
                selected.Error.Should().Be((string?)expected["error"], description);
                if (expected["indexes"] is JsonArray indexes)
                {
                    selected.Indexes.Should().Equal(indexes.Select(i => (int)i!));
                }

                break;
            case "ValidateHTTPRoutes":
                RouteValidation.Http(target, VectorInputs.Strings(input["routeNames"]), VectorInputs.HttpRoutes(input["httpRoutes"]))
                    .Should().Be((string?)expected["error"], description);
                break;
            case "ValidateTlsRoutes":
                RouteValidation.Tls(target, VectorInputs.List<TlsRouteSelector>(input["tlsRoutes"]), VectorInputs.List<TlsRoute>(input["vsTls"]))
                    .Should().Be((string?)expected["error"], description);
                break;
            case "ValidateTcpRoutes":
                RouteValidation.Tcp(target, VectorInputs.List<TcpRouteSelector>(input["tcpRoutes"]), VectorInputs.List<TcpRoute>(input["vsTcp"]))
                    .Should().Be((string?)expected["error"], description);
                break;
            case "validateVirtualServiceRouteDestinations":
                var route = VectorInputs.Strings(input["destinationHosts"])
                    .Select(h => new RouteDestination { Destination = new Destination { Host = h } }).ToList();
                RouteValidation.Destinations(route, target.StableService, target.CanaryService, target.DestinationRule)
                    .Should().Be((string?)expected["error"], description);
                break;
            case "GetVirtualServiceNamespaceName":
                VirtualServiceName.Parse((string)input["reference"]!, rolloutNamespace: "")
                    .Should().Be(((string)expected["namespace"]!, (string)expected["name"]!));
                break;
            case "GetRolloutVirtualServiceKeys":
                var istio = ApiJson.Deserialize<IstioTrafficRouting>(input["istio"]!);
                VirtualServiceName.Keys(istio, (string)input["rolloutNamespace"]!)
                    .Should().Equal(VectorInputs.Strings(expected["keys"]));
                break;
            default:
                throw new InvalidOperationException("unknown function " + function);
        }
    }
}
