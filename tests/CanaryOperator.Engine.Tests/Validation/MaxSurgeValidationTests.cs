using System.Text.Json;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Tests.Vectors;
using CanaryOperator.Engine.Validation;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Validation;

/// <summary>
/// The validation rows of <c>max_surge_unavailable.json</c> (owned by the replica-math tests) seen through
/// <see cref="RolloutValidator"/>: the rule is delegated to <c>Fenceposts.Validate</c> and must surface as the
/// first field error.
/// </summary>
public sealed class MaxSurgeValidationTests
{
    private const string File = "max_surge_unavailable.json";

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        var all = VectorFile.Load(File);
        for (var i = 0; i < all.Count; i++)
        {
            if (((string?)all[i]["function"])?.Contains("(validation)", StringComparison.Ordinal) == true)
            {
                data.Add(File, i, (string?)all[i]["name"] ?? "");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validation_rows(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var rollout = new Rollout
        {
            Metadata = new() { Name = "guestbook" },
            Spec = new RolloutSpec
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "guestbook" } },
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryStrategy
                    {
                        MaxSurge = Parse(v["input"]!["maxSurge"]),
                        MaxUnavailable = Parse(v["input"]!["maxUnavailable"]),
                        Steps = [new CanaryStep { SetWeight = 10 }],
                    },
                },
            },
        };
        var errors = RolloutValidator.Validate(rollout);
        if ((bool)v["expected"]!["valid"]!)
        {
            errors.Should().BeEmpty(description);
            return;
        }

        errors.Should().ContainSingle(description);
        errors[0].Field.Should().Be("spec.strategy.maxSurge");
        errors[0].Detail.Should().Be((string)v["expected"]!["errorDetail"]!);
    }

    [Fact]
    public void The_bad_value_is_printed_like_go_prints_an_intstr()
    {
        var rollout = new Rollout
        {
            Metadata = new() { Name = "guestbook" },
            Spec = new RolloutSpec
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } },
                Strategy = new RolloutStrategy { Canary = new CanaryStrategy { MaxSurge = IntOrString.FromString("0%"), MaxUnavailable = 0 } },
            },
        };
        RolloutValidator.InvalidSpecMessage(rollout).Should().Be(
            "The Rollout \"guestbook\" is invalid: spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: MaxSurge and MaxUnavailable both can not be zero");
    }

    private static IntOrString? Parse(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number ? IntOrString.FromInt((int)node) : IntOrString.FromString((string)node!);
    }
}
