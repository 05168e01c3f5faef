using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>Every Rollout Argo's own examples and e2e fixtures (and the webinar) use is accepted by our CRD.</summary>
public sealed class ReferenceRolloutValidationTests
{
    public static TheoryData<string> ReferenceRollouts => ReferenceManifests.LabelsOfKind("Rollout");

    [Theory]
    [MemberData(nameof(ReferenceRollouts))]
    public void Reference_rollout_validates_against_the_crd(string label)
    {
        var doc = ReferenceManifests.ByLabel(label);

        RolloutCrd.Validator.Errors(doc.Node).Should().BeEmpty();
    }

    // Guards against the loader silently finding fewer files: 21 Rollouts as of the reference snapshot
    // (2 imesh-webinar, 5 argo-rollouts/examples, 14 argo-rollouts/e2e; the install manifest holds only CRDs).
    [Fact]
    public void All_reference_rollouts_are_found()
    {
        var labels = ((IEnumerable<object[]>)ReferenceRollouts).Select(row => (string)row[0]).ToList();

        labels.Should().HaveCount(21);
        labels.Count(l => l.StartsWith("imesh-webinar/", StringComparison.Ordinal)).Should().Be(2);
        labels.Count(l => l.StartsWith("argo-rollouts/examples/", StringComparison.Ordinal)).Should().Be(5);
        labels.Count(l => l.StartsWith("argo-rollouts/e2e/", StringComparison.Ordinal)).Should().Be(14);
    }
}
