using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.RoundTrip;

/// <summary>
/// Int-or-string fields keep the form they were written in, from YAML through the model and back: Argo reads
/// <c>maxSurge: 25</c> as 25 pods but <c>maxSurge: "25"</c> as 25 % (semantics §3.1), and <c>pause: {}</c>
/// (wait for promote) differs from any duration (§2.1).
/// </summary>
public sealed class IntOrStringRoundTripTests
{
    private static Rollout Read(string canaryYaml, out System.Text.Json.Nodes.JsonNode input)
    {
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: demo
            spec:
              strategy:
                canary:
            {Indent(canaryYaml, 6)}
            """;
        input = YamlDocuments.Parse(yaml).Single();
        return ApiJson.Deserialize<Rollout>(input);
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => new string(' ', spaces) + l));

    [Theory]
    [InlineData("maxSurge: 25", false, "25")]
    [InlineData("maxSurge: \"25\"", true, "25")]
    [InlineData("maxSurge: '25%'", true, "25%")]
    [InlineData("maxSurge: 25%", true, "25%")]
    [InlineData("maxSurge: 0", false, "0")]
    public void Max_surge_keeps_its_kind(string line, bool isString, string text)
    {
        var rollout = Read(line, out var input);

        var surge = rollout.Spec.Strategy.Canary!.MaxSurge!.Value;
        surge.IsString.Should().Be(isString);
        surge.ToString().Should().Be(text);
        JsonComparison.Differences(input, ApiJson.ToNode(rollout)).Should().BeEmpty();
        ApiJson.ToNode(rollout)["spec"]!["strategy"]!["canary"]!["maxSurge"]!.GetValueKind()
            .Should().Be(isString ? System.Text.Json.JsonValueKind.String : System.Text.Json.JsonValueKind.Number);
    }

    [Theory]
    [InlineData("maxUnavailable: 1", false, "1")]
    [InlineData("maxUnavailable: \"20%\"", true, "20%")]
    public void Max_unavailable_keeps_its_kind(string line, bool isString, string text)
    {
        var rollout = Read(line, out var input);

        var unavailable = rollout.Spec.Strategy.Canary!.MaxUnavailable!.Value;
        unavailable.IsString.Should().Be(isString);
        unavailable.ToString().Should().Be(text);
        JsonComparison.Differences(input, ApiJson.ToNode(rollout)).Should().BeEmpty();
    }

    [Fact]
    public void Empty_pause_stays_an_empty_object()
    {
        var rollout = Read("steps:\n- pause: {}", out var input);

        var pause = rollout.Spec.Strategy.Canary!.Steps![0].Pause;
        pause.Should().NotBeNull();
        pause!.Duration.Should().BeNull();
        var written = ApiJson.ToNode(rollout)["spec"]!["strategy"]!["canary"]!["steps"]![0]!["pause"]!;
        written.AsObject().Should().BeEmpty();
        JsonComparison.Differences(input, ApiJson.ToNode(rollout)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("steps:\n- pause: {duration: 10}", false, "10")]
    [InlineData("steps:\n- pause: {duration: \"10\"}", true, "10")]
    [InlineData("steps:\n- pause: {duration: 10s}", true, "10s")]
    [InlineData("steps:\n- pause: {duration: \"1h30m\"}", true, "1h30m")]
    public void Pause_duration_keeps_its_kind(string yaml, bool isString, string text)
    {
        var rollout = Read(yaml, out var input);

        var duration = rollout.Spec.Strategy.Canary!.Steps![0].Pause!.Duration!.Value;
        duration.IsString.Should().Be(isString);
        duration.ToString().Should().Be(text);
        JsonComparison.Differences(input, ApiJson.ToNode(rollout)).Should().BeEmpty();
    }

    [Fact]
    public void A_step_without_pause_writes_no_pause()
    {
        var rollout = Read("steps:\n- setWeight: 5", out _);

        var written = ApiJson.ToNode(rollout)["spec"]!["strategy"]!["canary"]!["steps"]![0]!.AsObject();
        written.Select(p => p.Key).Should().Equal("setWeight");
    }
}
