using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Tests.Vectors;
using CanaryOperator.Engine.Validation;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Validation;

/// <summary>
/// <c>spec_validation.json</c>. Each vector lists only what its Go test changes on a valid rollout; we apply those
/// changes to a valid base (selector/template <c>app: guestbook</c>, canary with services canary/stable and one
/// setWeight step, no traffic routing — TestValidateRolloutStrategyCanaryMissingServiceNames starts without the
/// services, as its name says) and check the FIRST error, as the controller surfaces only that one.
/// </summary>
public sealed class SpecValidationVectorTests
{
    private const string File = "spec_validation.json";

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var rollout = Build((string)v["source"]!, v["input"]!.AsObject());
        var expected = v["expected"]!.AsObject();
        var errors = RolloutValidator.Validate(rollout);

        if ((bool)expected["valid"]!)
        {
            errors.Should().BeEmpty(description);
            RolloutValidator.InvalidSpecMessage(rollout).Should().BeNull();
            return;
        }

        errors.Should().NotBeEmpty(description);
        var first = errors[0];
        first.Detail.Should().Be((string)expected["errorDetail"]!, description);
        if (expected["error"] is { } full)
        {
            first.ToString().Should().Be((string)full!);
        }

        if (expected["field"] is { } field)
        {
            first.Field.Should().Be((string)field!);
        }

        RolloutValidator.InvalidSpecMessage(rollout).Should().Be($"The Rollout \"guestbook\" is invalid: {first}");
    }

    private static Rollout Build(string source, JsonObject input)
    {
        var withServices = !source.Contains("MissingServiceNames", StringComparison.Ordinal);
        var canaryBase = new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["setWeight"] = 10 }) };
        if (withServices)
        {
            canaryBase["canaryService"] = "canary";
            canaryBase["stableService"] = "stable";
        }

        var rollout = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "guestbook", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"guestbook"}}"""),
                ["template"] = JsonNode.Parse("""{"metadata":{"labels":{"app":"guestbook"}},"spec":{"containers":[{"name":"guestbook","image":"guestbook:v1"}]}}"""),
                ["strategy"] = new JsonObject { ["canary"] = canaryBase },
            },
        };
        var spec = rollout["spec"]!.AsObject();
        var canary = spec["strategy"]!["canary"]!.AsObject();
        foreach (var (key, value) in input)
        {
            switch (key)
            {
                case "selector" or "minReadySeconds" or "progressDeadlineSeconds" or "strategy":
                    spec[key] = value?.DeepClone();
                    break;
                case "workloadRef":
                    // The workloadRef Go tests build rollouts without a template; only the vector's labels are set.
                    spec[key] = value?.DeepClone();
                    spec.Remove("template");
                    break;
                case "template.metadata.labels":
                    spec["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = value?.DeepClone() } };
                    break;
                default:
                    canary[key] = value?.DeepClone();
                    break;
            }
        }

        if (input.ContainsKey("template.metadata.labels") && input.ContainsKey("workloadRef"))
        {
            spec["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = input["template.metadata.labels"]!.DeepClone() } };
        }

        return ApiJson.Deserialize<Rollout>(rollout);
    }
}
