using CanaryOperator.Engine.Status;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Status;

public sealed class LabelSelectorTextTests
{
    [Fact]
    public void Match_labels_sorted_by_key() =>
        LabelSelectorText.Format(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "web", ["app"] = "foo" } })
            .Should().Be("app=foo,tier=web");

    [Fact]
    public void Set_based_expressions_with_sorted_values() =>
        LabelSelectorText.Format(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "foo" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["b", "a"] },
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "NotIn", Values = ["prod"] },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "Exists" },
                new V1LabelSelectorRequirement { Key = "legacy", OperatorProperty = "DoesNotExist" },
            ],
        }).Should().Be("app=foo,canary,env notin (prod),!legacy,tier in (a,b)");

    [Fact]
    public void Empty_or_nil_is_none()
    {
        LabelSelectorText.Format(null).Should().Be("<none>");
        LabelSelectorText.Format(new V1LabelSelector()).Should().Be("<none>");
    }
}
