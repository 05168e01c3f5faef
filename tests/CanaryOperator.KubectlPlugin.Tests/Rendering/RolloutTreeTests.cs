using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.KubectlPlugin.Rendering;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Rendering;

public sealed class RolloutTreeTests
{
    private const string Uid = "0b7c6a52-0000-4000-8000-000000000001";

    [Fact]
    public void Paused_at_step_one_of_eight_with_weights_80_20_renders_the_snapshot()
    {
        RolloutTree.Render(PausedRollout(), ReplicaSets()).Should().Be(PausedAtStepOne.Snapshot);
    }

    [Fact]
    public void A_timed_pause_says_when_it_resumes_by_itself()
    {
        var rollout = PausedRollout(status => status["currentStepIndex"] = 3);
        var text = RolloutTree.Render(rollout, ReplicaSets());
        text.Should().Contain("  Step:         3/8\n").And.Contain("steps[3] pause 10s")
            .And.Contain("resumes by itself after 2026-11-27T10:00:10Z");
    }

    [Fact]
    public void Aborted_manual_pause_and_finished_rollouts_say_how_to_continue()
    {
        var aborted = RolloutTree.Render(PausedRollout(s => s["abort"] = true), ReplicaSets());
        aborted.Should().Contain("kubectl canary retry rollout rollouts-demo -n default").And.Contain("  SetWeight:    0\n");

        var manual = RolloutTree.Render(PausedRollout(s => s.Remove("pauseConditions"), spec => spec["paused"] = true), ReplicaSets());
        manual.Should().Contain("Paused:         manually (spec.paused)").And.Contain("kubectl canary resume rollouts-demo -n default");

        var done = RolloutTree.Render(PausedRollout(s =>
        {
            s.Remove("pauseConditions");
            s.Remove("controllerPause");
            s["currentStepIndex"] = 8;
            s["phase"] = "Healthy";
            s["message"] = "";
        }), ReplicaSets());
        done.Should().Contain("  Step:         8/8\n").And.Contain("all steps complete").And.NotContain("To continue:").And.Contain("Status:         Healthy\n");
    }

    [Fact]
    public void Unobserved_spec_and_pending_unpause_show_progressing_as_argo_clients_do()
    {
        var unobserved = PausedRollout(s => s["observedGeneration"] = "0");
        RolloutTree.Render(unobserved, ReplicaSets()).Should().Contain("Message:        waiting for rollout spec update to be observed");
        var unpausing = PausedRollout(s => s.Remove("pauseConditions"));
        RolloutTree.Render(unpausing, ReplicaSets()).Should().Contain("Status:         Progressing\nMessage:        waiting for rollout to unpause");
    }

    [Fact]
    public void Without_traffic_routing_the_weight_is_the_share_of_available_pods()
    {
        var rollout = PausedRollout(s => ((JsonObject)s["canary"]!).Remove("weights"));
        RolloutTree.Render(rollout, ReplicaSets()).Should().Contain("  ActualWeight: 20\n");
    }

    private static Rollout PausedRollout(Action<JsonObject>? status = null, Action<JsonObject>? spec = null)
    {
        var json = PausedAtStepOne.Rollout();
        json["metadata"]!["namespace"] = "default";
        json["metadata"]!["uid"] = Uid;
        json["metadata"]!["generation"] = 1;
        var s = PausedAtStepOne.Status();
        status?.Invoke(s);
        spec?.Invoke((JsonObject)json["spec"]!);
        json["status"] = s;
        return ApiJson.Deserialize<Rollout>(json);
    }

    private static List<V1ReplicaSet> ReplicaSets() =>
        [.. PausedAtStepOne.ReplicaSets(Uid).Select(ApiJson.Deserialize<V1ReplicaSet>)];
}
