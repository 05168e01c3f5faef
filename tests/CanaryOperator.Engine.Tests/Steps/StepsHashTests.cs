using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Steps;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Steps;

/// <summary>Steps hash: Go's JSON of the steps (Argo's struct order) and pinned hashes.</summary>
public class StepsHashTests
{
    private static readonly CanaryStep[] TypicalSteps =
    [
        new() { SetWeight = 20 },
        new() { Pause = new RolloutPause() },
        new() { SetWeight = 40, SetCanaryScale = new SetCanaryScale { Replicas = 2, MatchTrafficWeight = false } },
        new() { Pause = new RolloutPause { Duration = IntOrString.FromString("10s") } },
        new() { Pause = new RolloutPause { Duration = IntOrString.FromInt(10) } },
        new() { SetHeaderRoute = new SetHeaderRoute { Name = "h", Match = [new HeaderRoutingMatch { HeaderName = "agent", HeaderValue = new StringMatch { Regex = ".*Firefox.*" } }] } },
        new() { SetMirrorRoute = new SetMirrorRoute { Name = "m", Percentage = 50 } },
    ];

    [Fact]
    public void Steps_are_written_as_go_json()
    {
        StepsHash.GoJson(TypicalSteps).Should().Be(
            """[{"setWeight":20},{"pause":{}},{"setWeight":40,"setCanaryScale":{"replicas":2}},{"pause":{"duration":"10s"}},{"pause":{"duration":10}},{"setHeaderRoute":{"name":"h","match":[{"headerName":"agent","headerValue":{"regex":".*Firefox.*"}}]}},{"setMirrorRoute":{"name":"m","percentage":50}}]""");
    }

    [Fact]
    public void Nil_and_empty_step_lists_differ_as_in_go()
    {
        StepsHash.GoJson(null).Should().Be("null");
        StepsHash.GoJson([]).Should().Be("[]");
        CanarySteps.StepHash((IReadOnlyList<CanaryStep>?)null).Should().NotBe(CanarySteps.StepHash([]));
    }

    [Fact]
    public void Hashes_are_pinned()
    {
        CanarySteps.StepHash(TypicalSteps).Should().Be("58c55cc7bf");
        CanarySteps.StepHash([new CanaryStep { SetWeight = 10 }, new CanaryStep { Pause = new RolloutPause() }]).Should().Be("849b756fd4");
    }

    [Fact]
    public void Unknown_step_fields_are_ignored_like_go_does()
    {
        var withExtra = new CanaryStep
        {
            SetWeight = 10,
            Extra = new() { ["futureField"] = System.Text.Json.JsonDocument.Parse("1").RootElement },
        };
        CanarySteps.StepHash([withExtra]).Should().Be(CanarySteps.StepHash([new CanaryStep { SetWeight = 10 }]));
    }

    [Fact]
    public void Rollout_step_hash_is_empty_unless_canary()
    {
        var blueGreen = new Rollout { Spec = new RolloutSpec { Strategy = new RolloutStrategy { BlueGreen = System.Text.Json.JsonDocument.Parse("{}").RootElement } } };
        CanarySteps.StepHash(blueGreen).Should().BeEmpty();
        var canary = new Rollout { Spec = new RolloutSpec { Strategy = new RolloutStrategy { Canary = new CanaryStrategy { Steps = TypicalSteps } } } };
        CanarySteps.StepHash(canary).Should().Be(CanarySteps.StepHash(TypicalSteps));
    }
}
