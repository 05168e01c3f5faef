using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Pauses;
using CanaryOperator.Engine.Tests.Vectors;
using CanaryOperator.Engine.Validation;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Pauses;

/// <summary><c>pause_duration.json</c>: <c>RolloutPause.DurationSeconds</c> and the validation of its result.</summary>
public sealed class PauseDurationVectorTests
{
    private const string File = "pause_duration.json";

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var node = v["input"]!["duration"];
        IntOrString? duration = null;
        if (node is not null)
        {
            duration = node.GetValueKind() == System.Text.Json.JsonValueKind.Number ? IntOrString.FromInt((int)node) : IntOrString.FromString((string)node!);
        }
        var expected = v["expected"]!;

        if (expected["seconds"] is { } seconds)
        {
            PauseDuration.Seconds(duration).Should().Be((long)seconds, description);
            return;
        }

        var rollout = new Rollout
        {
            Metadata = new() { Name = "guestbook" },
            Spec = new RolloutSpec
            {
                Selector = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "guestbook" } },
                Strategy = new RolloutStrategy { Canary = new CanaryStrategy { Steps = [new CanaryStep { Pause = new RolloutPause { Duration = duration } }] } },
            },
        };
        var errors = RolloutValidator.Validate(rollout);
        if ((bool)expected["valid"]!)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().ContainSingle().Which.Detail.Should().Be((string)expected["errorDetail"]!);
            errors[0].Field.Should().Be("spec.strategy.steps[0].pause.duration");
        }
    }

    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("90m", 5400)]
    [InlineData("1m30.9s", 90)]
    [InlineData("999ms", 0)]
    [InlineData("-5s", -5)]
    [InlineData("+10s", 10)]
    [InlineData("0", 0)]
    [InlineData("-10", -10)]
    [InlineData("596523h", 2147482800)]
    [InlineData("596524h", -2147483648)]
    [InlineData("2562047h", -2147483648)]
    [InlineData("2562048h", -1)]
    [InlineData("", -1)]
    [InlineData("s", -1)]
    [InlineData(".s", -1)]
    [InlineData("1", 1)]
    [InlineData("1.", -1)]
    [InlineData("1.0s", 1)]
    [InlineData("5us", 0)]
    [InlineData("5µs", 0)]
    [InlineData("10 s", -1)]
    public void Go_duration_semantics(string text, long seconds) =>
        PauseDuration.Seconds(IntOrString.FromString(text)).Should().Be(seconds);
}
