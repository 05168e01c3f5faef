using CanaryOperator.Runtime.Informers;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Informers;

public class OwnerKeysTests
{
    [Fact]
    public void Maps_a_controlled_dependent_to_its_owner_key()
    {
        var rs = ReplicaSet(new V1OwnerReference { ApiVersion = "argoproj.io/v1alpha1", Kind = "Rollout", Name = "r1", Uid = "u1", Controller = true });

        OwnerKeys.ControllerOf(rs, "Rollout").Should().Equal("ns/r1");
        OwnerKeys.ControllerOf(rs, "Rollout", "argoproj.io").Should().Equal("ns/r1");
    }

    [Fact]
    public void Ignores_other_kinds_other_groups_and_non_controller_owners()
    {
        var byDeployment = ReplicaSet(new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "d", Uid = "u", Controller = true });
        var notController = ReplicaSet(new V1OwnerReference { ApiVersion = "argoproj.io/v1alpha1", Kind = "Rollout", Name = "r1", Uid = "u1" });
        var otherGroup = ReplicaSet(new V1OwnerReference { ApiVersion = "example.com/v1", Kind = "Rollout", Name = "r1", Uid = "u1", Controller = true });

        OwnerKeys.ControllerOf(byDeployment, "Rollout").Should().BeEmpty();
        OwnerKeys.ControllerOf(notController, "Rollout").Should().BeEmpty();
        OwnerKeys.ControllerOf(otherGroup, "Rollout", "argoproj.io").Should().BeEmpty();
        OwnerKeys.ControllerOf(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "ns" } }, "Rollout").Should().BeEmpty();
    }

    private static V1ReplicaSet ReplicaSet(V1OwnerReference owner) =>
        new() { Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = "ns", OwnerReferences = [owner] } };
}
