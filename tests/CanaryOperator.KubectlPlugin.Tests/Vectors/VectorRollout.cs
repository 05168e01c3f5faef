using System.Text.Json.Nodes;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;

namespace CanaryOperator.KubectlPlugin.Tests.Vectors;

/// <summary>Turns a vector's dotted <c>input</c> keys into a Rollout and its status, and checks its <c>resulting*</c> keys.</summary>
public static class VectorRollout
{
    private const string StartTime = "2026-11-27T10:00:00Z";

    public static JsonObject From(JsonObject input)
    {
        var steps = input["steps"] is JsonArray s ? (JsonArray)s.DeepClone() : null;
        var blueGreen = input["strategy"]?.GetValue<string>() == "blueGreen";
        var paused = input["spec.paused"]?.GetValue<bool>() ?? false;
        return RolloutBuilder.Rollout(PluginPatchVector.RolloutName, steps, paused, blueGreen: blueGreen);
    }

    public static JsonObject? Status(JsonObject input)
    {
        var status = new JsonObject();
        foreach (var (key, value) in input)
        {
            if (!key.StartsWith("status.", StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            var path = key["status.".Length..].Split('.');
            var node = status;
            for (var i = 0; i < path.Length - 1; i++)
            {
                node = (JsonObject)(node[path[i]] ??= new JsonObject());
            }

            node[path[^1]] = value.DeepClone();
        }

        // The CRD requires startTime on pause conditions (the vectors give only the reason).
        if (status["pauseConditions"] is JsonArray conditions)
        {
            foreach (var c in conditions)
            {
                c!["startTime"] ??= StartTime;
            }
        }

        if (status["canary"]?["currentStepAnalysisRunStatus"] is JsonObject run)
        {
            run["name"] ??= "guestbook-analysis";
        }

        return status.Count == 0 ? null : status;
    }

    public static void AssertResult(JsonObject stored, JsonObject expected)
    {
        var status = stored["status"];
        if (expected["resultingCurrentStepIndex"] is { } index)
        {
            status!["currentStepIndex"]!.GetValue<int>().Should().Be(index.GetValue<int>());
        }

        if (expected["controllerPauseLeftUntouched"]?.GetValue<bool>() == true)
        {
            status!["controllerPause"]!.GetValue<bool>().Should().BeTrue();
        }

        if (expected["resulting"] is JsonObject resulting)
        {
            foreach (var (key, value) in resulting)
            {
                JsonNode.DeepEquals(status?[key], value).Should().BeTrue($"status.{key} should be {value?.ToJsonString() ?? "null"}, is {status?[key]?.ToJsonString() ?? "null"}");
            }
        }
    }
}
