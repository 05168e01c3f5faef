using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Tests.Scenarios;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Planning;

/// <summary>
/// A snapshot carrying a <see cref="SpecHashMemo"/> (as the operator's do) plans exactly what one without it plans,
/// across template and step changes: every pass is planned both ways and compared.
/// </summary>
public class SpecHashMemoPlannerTests
{
    [Fact]
    public void Plans_with_the_memo_equal_plans_without_it_through_image_and_step_changes()
    {
        var memo = new SpecHashMemo();
        var cluster = LifecycleSetup.IstioSubset();
        var compared = 0;

        void PassBothWays(int passes)
        {
            for (var i = 0; i < passes; i++)
            {
                var snapshot = cluster.Snapshot();
                var withMemo = CanaryPlanner.Plan(snapshot with { Hashes = memo });
                var plan = cluster.Pass();
                ApiJson.Serialize(withMemo).Should().Be(ApiJson.Serialize(plan), $"pass {compared}");
                withMemo.Actions.Select(a => ApiJson.Serialize(a)).Should().Equal(plan.Actions.Select(a => ApiJson.Serialize(a)), $"pass {compared}");
                compared++;
            }
        }

        PassBothWays(5);
        LifecycleSetup.SetImage(cluster, "demo:2");
        PassBothWays(6);
        cluster.UpdateRollout(ro => ro with
        {
            Spec = ro.Spec with
            {
                Strategy = ro.Spec.Strategy with
                {
                    Canary = ro.Spec.Strategy.Canary! with { Steps = [.. ro.Spec.Strategy.Canary.Steps!.Skip(1)] },
                },
            },
        });
        PassBothWays(4);
        LifecycleSetup.SetImage(cluster, "demo:1");
        PassBothWays(6);

        cluster.History.Select(p => p.Status.CurrentPodHash).Distinct().Should().HaveCountGreaterThan(1, "the template changed under the memo");
        cluster.History.Select(p => p.Status.CurrentStepHash).Distinct().Should().HaveCountGreaterThan(1, "the steps changed under the memo");
    }
}
