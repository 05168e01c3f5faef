using System.Text.Json.Nodes;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.RoundTrip;

/// <summary>
/// What the controller writes: a status with every field of semantics §8.1 round-trips through the model and
/// passes the CRD, and a status built in C# writes no nulls (which the apiserver would prune, or a merge patch
/// would read as "delete").
/// </summary>
public sealed class StatusRoundTripTests
{
    private const string FullStatus = """
        {
          "apiVersion": "argoproj.io/v1alpha1",
          "kind": "Rollout",
          "metadata": { "name": "rollouts-demo", "namespace": "istio-argo-rollouts", "generation": 4 },
          "spec": { "replicas": 5, "strategy": { "canary": { "steps": [ { "setWeight": 20 }, { "pause": {} } ] } } },
          "status": {
            "abort": true,
            "abortedAt": "2026-01-02T15:04:05Z",
            "pauseConditions": [ { "reason": "CanaryPauseStep", "startTime": "2026-01-02T15:00:00Z" } ],
            "controllerPause": true,
            "currentPodHash": "7bf84f9696",
            "currentStepHash": "5ffbfbbd64",
            "currentStepIndex": 1,
            "stableRS": "789746c88d",
            "replicas": 6,
            "updatedReplicas": 1,
            "readyReplicas": 6,
            "availableReplicas": 6,
            "collisionCount": 1,
            "observedGeneration": "4",
            "conditions": [
              {
                "type": "Progressing", "status": "False", "reason": "RolloutAborted",
                "message": "Rollout aborted update to revision 2",
                "lastUpdateTime": "2026-01-02T15:04:05Z", "lastTransitionTime": "2026-01-02T15:04:05Z"
              }
            ],
            "canary": {
              "weights": {
                "canary": { "weight": 20, "serviceName": "rollouts-demo-canary", "podTemplateHash": "7bf84f9696" },
                "stable": { "weight": 80, "serviceName": "rollouts-demo-stable", "podTemplateHash": "789746c88d" },
                "additional": [ { "weight": 0, "serviceName": "exp", "podTemplateHash": "abc" } ],
                "verified": true
              },
              "stablePingPong": "ping",
              "currentExperiment": "exp-1"
            },
            "HPAReplicas": 6,
            "selector": "app=rollouts-demo",
            "restartedAt": "2026-01-01T00:00:00Z",
            "promoteFull": false,
            "phase": "Degraded",
            "message": "RolloutAborted: Rollout aborted update to revision 2",
            "workloadObservedGeneration": "2",
            "duration": {
              "rolloutStartedAt": "2026-01-02T14:00:00Z",
              "manualPauseStartedAt": "2026-01-02T15:00:00Z",
              "totalManualPauseDurationSeconds": 3600,
              "finishedAt": "2026-01-02T15:04:05Z",
              "completionStatus": "Aborted"
            }
          }
        }
        """;

    [Fact]
    public void Full_status_round_trips_unchanged()
    {
        var input = JsonNode.Parse(FullStatus)!;

        var output = ApiJson.ToNode(ApiJson.Deserialize<Rollout>(input));

        JsonComparison.Differences(input, output).Should().BeEmpty();
    }

    [Fact]
    public void Full_status_is_valid_for_the_crd()
    {
        RolloutCrd.Validator.Errors(JsonNode.Parse(FullStatus)!).Should().BeEmpty();
    }

    [Fact]
    public void Full_status_reads_into_typed_fields()
    {
        var status = ApiJson.Deserialize<Rollout>(JsonNode.Parse(FullStatus)!).Status!;

        status.HPAReplicas.Should().Be(6);
        status.ObservedGeneration.Should().Be("4");
        status.AbortedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 15, 4, 5, TimeSpan.Zero));
        status.Canary!.Weights!.Canary.Weight.Should().Be(20);
        status.Duration!.RolloutStartedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 14, 0, 0, TimeSpan.Zero));
        status.Duration.TotalManualPauseDurationSeconds.Should().Be(3600);
        status.Duration.CompletionStatus.Should().Be("Aborted");
        status.Duration.Extra.Should().BeNull();
        status.Canary.Extra!.Keys.Should().Equal("currentExperiment");
    }

    [Fact]
    public void Sparse_status_built_in_code_writes_no_nulls_and_passes_the_crd()
    {
        var now = new DateTimeOffset(2026, 1, 2, 15, 4, 5, TimeSpan.Zero);
        var rollout = new Rollout
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "r", NamespaceProperty = "ns" },
            Spec = new RolloutSpec
            {
                Replicas = 2,
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryStrategy
                    {
                        MaxSurge = IntOrString.FromString("25%"),
                        Steps = [new CanaryStep { SetWeight = 50 }, new CanaryStep { Pause = new RolloutPause() }],
                    },
                },
            },
            Status = new RolloutStatus
            {
                Phase = RolloutPhases.Paused,
                PauseConditions = [new PauseCondition { Reason = PauseReasons.CanaryPauseStep, StartTime = now }],
                Canary = new CanaryStatus { Weights = new TrafficWeights { Canary = new WeightDestination { Weight = 50 } } },
                Duration = new RolloutDuration { RolloutStartedAt = now },
            },
        };

        var json = ApiJson.ToNode(rollout);

        AllNulls(json, "$").Should().BeEmpty();
        RolloutCrd.Validator.Errors(json).Should().BeEmpty();
        json["status"]!["duration"]!.ToJsonString().Should().Be("""{"rolloutStartedAt":"2026-01-02T15:04:05Z"}""");
        json["spec"]!["strategy"]!["canary"]!["steps"]![1]!["pause"]!.ToJsonString().Should().Be("{}");
    }

    private static List<string> AllNulls(JsonNode? node, string path)
    {
        var result = new List<string>();
        switch (node)
        {
            case null:
                result.Add(path);
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    result.AddRange(AllNulls(value, path + "." + key));
                }

                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    result.AddRange(AllNulls(arr[i], $"{path}[{i}]"));
                }

                break;
        }

        return result;
    }
}
