using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Observe;
using CanaryOperator.Runtime.Informers;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Controllers;

public sealed class CacheTransformsTests
{
    private const string RolloutJson = """
        {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
         "metadata":{"name":"demo","namespace":"NS","uid":"u","labels":{"app":"demo"},"managedFields":[{"manager":"kubectl"}],
           "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","rollout.argoproj.io/revision":"2"}},
         "spec":{"replicas":1,"workloadRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"demo"},
           "strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}],"futureField":{"x":1}}}},
         "status":{"phase":"Healthy","stableRS":"6f9","currentPodHash":"6f9","message":"","somethingNew":true,
           "conditions":[{"type":"Available","status":"True","reason":"AvailableReason","message":"Rollout has minimum availability",
             "lastUpdateTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
        """;

    private readonly CacheTransforms _transforms = new(new StringPool());

    [Fact]
    public void A_rollout_keeps_every_field_but_the_bulky_metadata_and_shares_its_status_texts()
    {
        var one = _transforms.Rollout(ApiJson.Deserialize<Rollout>(RolloutJson.Replace("NS", "ns-1", StringComparison.Ordinal)));
        var two = _transforms.Rollout(ApiJson.Deserialize<Rollout>(RolloutJson.Replace("NS", "ns-2", StringComparison.Ordinal)));

        var expected = ApiJson.Deserialize<Rollout>(RolloutJson.Replace("NS", "ns-1", StringComparison.Ordinal));
        expected.Metadata.ManagedFields = null;
        expected.Metadata.Annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
        ApiJson.Serialize(one).Should().Be(ApiJson.Serialize(expected));
        ApiJson.Serialize(one).Should().Contain("\"futureField\"").And.Contain("\"somethingNew\"");

        var (a, b) = (one.Status!.Conditions![0], two.Status!.Conditions![0]);
        a.Message.Should().BeSameAs(b.Message);
        a.Reason.Should().BeSameAs(b.Reason);
        one.Status.StableRS.Should().BeSameAs(two.Status.StableRS);
        one.Metadata.Labels.Should().BeSameAs(two.Metadata.Labels);
        one.Metadata.NamespaceProperty.Should().Be("ns-1");
    }

    [Fact]
    public void A_virtual_service_keeps_the_fields_the_model_does_not_know()
    {
        const string json = """
            {"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"vs","namespace":"ns"},
             "spec":{"hosts":["demo"],"gateways":["gw"],"http":[{"name":"primary","retries":{"attempts":3},
               "route":[{"destination":{"host":"demo","subset":"stable"},"weight":100,"headers":{"request":{"set":{"x":"y"}}}}]}],
               "exportTo":["."]}}
            """;

        var cached = _transforms.VirtualService(ApiJson.Deserialize<VirtualService>(json));

        ApiJson.Serialize(cached).Should().Be(ApiJson.Serialize(ApiJson.Deserialize<VirtualService>(json)))
            .And.Contain("\"retries\"").And.Contain("\"exportTo\"").And.Contain("\"headers\"");
    }
}
