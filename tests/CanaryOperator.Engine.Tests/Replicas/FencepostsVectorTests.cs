using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>max_surge_unavailable.json (30).</summary>
public class FencepostsVectorTests
{
    private const string File = "max_surge_unavailable.json";

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_surge_unavailable(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var input = v["input"]!;
        var expected = v["expected"]!;
        switch ((string?)v["function"])
        {
            case "resolveFenceposts":
                var surge = VectorInputs.IntOrString(input["maxSurge"]);
                var unavailable = VectorInputs.IntOrString(input["maxUnavailable"]);
                var desired = (int)input["desiredReplicas"]!;
                if ((bool)expected["error"]!)
                {
                    var act = () => Fenceposts.Resolve(surge, unavailable, desired);
                    act.Should().Throw<FormatException>(description);
                    Fenceposts.TryResolve(surge, unavailable, desired, out var r).Should().BeFalse();
                    r.Should().Be((0, 0));
                }
                else
                {
                    Fenceposts.Resolve(surge, unavailable, desired)
                        .Should().Be(((int)expected["maxSurge"]!, (int)expected["maxUnavailable"]!), description);
                }

                break;
            case "MaxSurge":
                Fenceposts.MaxSurge(VectorInputs.Rollout(input["rollout"])).Should().Be((int)expected["maxSurge"]!, description);
                break;
            case "MaxUnavailable":
                Fenceposts.MaxUnavailable(VectorInputs.Rollout(input["rollout"])).Should().Be((int)expected["maxUnavailable"]!, description);
                break;
            case "MaxSurge/MaxUnavailable":
                var rollout = VectorInputs.Rollout(input["rollout"]);
                (Fenceposts.MaxSurge(rollout), Fenceposts.MaxUnavailable(rollout))
                    .Should().Be(((int)expected["maxSurge"]!, (int)expected["maxUnavailable"]!), description);
                break;
            case "invalidMaxSurgeMaxUnavailable (validation)":
                var error = Fenceposts.Validate(VectorInputs.IntOrString(input["maxSurge"]), VectorInputs.IntOrString(input["maxUnavailable"]));
                if ((bool)expected["valid"]!)
                {
                    error.Should().BeNull(description);
                }
                else
                {
                    error.Should().Be((string)expected["errorDetail"]!, description);
                }

                break;
            default:
                throw new InvalidOperationException($"unexpected function in {description}");
        }
    }

    [Fact]
    public void Vector_file_has_the_documented_size() => VectorFile.Load(File).Should().HaveCount(30);

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, 0)]
    [InlineData("25%", "0")]
    [InlineData(0, "1%")]
    public void Validate_accepts_anything_but_two_explicit_zeros(object? surge, object? unavailable) =>
        Fenceposts.Validate(ToIntOrString(surge), ToIntOrString(unavailable)).Should().BeNull();

    [Fact]
    public void Defaults_are_the_string_25() =>
        (Fenceposts.DefaultMaxSurge.IsString, Fenceposts.DefaultMaxSurge.StringValue, Fenceposts.DefaultMaxUnavailable.StringValue)
            .Should().Be((true, "25", "25"));

    [Theory]
    [InlineData("25", 10, true, 3)]
    [InlineData("%2%5%", 10, true, 3)]
    [InlineData("+5", 10, false, 0)]
    [InlineData("-50%", 10, false, -5)]
    public void Any_string_is_a_percentage_after_removing_every_percent_sign(string value, int total, bool roundUp, int expected) =>
        GoIntOrPercent.Resolve(value, total, roundUp).Should().Be(expected);

    [Theory]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void Non_numeric_strings_are_errors(string value)
    {
        var act = () => GoIntOrPercent.Resolve(value, 10, roundUp: true);
        act.Should().Throw<FormatException>();
    }

    private static Api.Primitives.IntOrString? ToIntOrString(object? value) => value switch
    {
        null => (Api.Primitives.IntOrString?)null,
        int i => Api.Primitives.IntOrString.FromInt(i),
        string s => Api.Primitives.IntOrString.FromString(s),
        _ => throw new ArgumentException("int or string", nameof(value)),
    };
}
