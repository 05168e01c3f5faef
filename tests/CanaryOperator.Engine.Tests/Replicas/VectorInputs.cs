using System.Text.Json.Nodes;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>Turns the JSON shapes of the Argo vector files (see <c>_source.json</c> "schema") into Api / Engine inputs.</summary>
public static class VectorInputs
{
    public static Rollout Rollout(JsonNode? rollout) =>
        rollout is null ? new Rollout() : ApiJson.Deserialize<Rollout>(rollout.ToJsonString());

    /// <summary>
    /// <c>{name, podTemplateHash?, specReplicas, availableReplicas, statusReplicas?}</c>. An absent/null
    /// specReplicas is Go's nil, which <c>GetReplicasOrDefault</c> reads as 1; an absent statusReplicas is Go's 0.
    /// </summary>
    public static ReplicaSetState? ReplicaSet(JsonNode? rs)
    {
        if (rs is null)
        {
            return null;
        }

        var name = (string?)rs["name"] ?? "rs";
        return new ReplicaSetState
        {
            Name = name,
            PodTemplateHash = (string?)rs["podTemplateHash"] ?? name,
            SpecReplicas = (int?)rs["specReplicas"] ?? 1,
            AvailableReplicas = (int?)rs["availableReplicas"] ?? 0,
            StatusReplicas = (int?)rs["statusReplicas"] ?? 0,
        };
    }

    public static IReadOnlyList<ReplicaSetState> ReplicaSets(JsonNode? list) =>
        list is null ? [] : [.. list.AsArray().Select(ReplicaSet).OfType<ReplicaSetState>()];

    /// <summary><c>{canary: w, stable: w}</c> → recorded traffic weights.</summary>
    public static TrafficWeights? Weights(JsonNode? weights) =>
        weights is null
            ? null
            : new TrafficWeights
            {
                Canary = new WeightDestination { Weight = (int)weights["canary"]! },
                Stable = new WeightDestination { Weight = (int)weights["stable"]! },
            };

    /// <summary>A JSON number is the int form, a string the string form, null is unset.</summary>
    public static IntOrString? IntOrString(JsonNode? value) =>
        value is null
            ? (IntOrString?)null
            : value.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? Api.Primitives.IntOrString.FromString((string)value!)
                : Api.Primitives.IntOrString.FromInt((int)value);

    public static ReplicaProgressThreshold? Threshold(JsonNode? threshold) =>
        threshold is null ? null : ApiJson.Deserialize<ReplicaProgressThreshold>(threshold.ToJsonString());

    /// <summary>A rollout with just canary steps and the step-related status fields.</summary>
    public static Rollout WithSteps(JsonNode? steps, JsonNode? currentStepIndex, bool abort = false, JsonNode? analysisStartingStep = null)
    {
        var canary = new JsonObject { ["steps"] = steps?.DeepClone() };
        if (analysisStartingStep is not null)
        {
            canary["analysis"] = new JsonObject { ["startingStep"] = analysisStartingStep.DeepClone() };
        }

        var rollout = new JsonObject
        {
            ["spec"] = new JsonObject { ["strategy"] = new JsonObject { ["canary"] = canary } },
            ["status"] = new JsonObject { ["currentStepIndex"] = currentStepIndex?.DeepClone(), ["abort"] = abort },
        };
        return Rollout(rollout);
    }
}
