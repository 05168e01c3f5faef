using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>Rollout and ReplicaSet JSON the way the controller leaves them (hash labels, owner references, revisions).</summary>
public static class RolloutBuilder
{
    public static JsonObject Rollout(string name, JsonArray? steps, bool paused = false, int replicas = 5, bool blueGreen = false)
    {
        var strategy = blueGreen
            ? new JsonObject { ["blueGreen"] = new JsonObject { ["activeService"] = name + "-active" } }
            : new JsonObject { ["canary"] = steps is null ? new JsonObject() : new JsonObject { ["steps"] = steps } };
        return new JsonObject
        {
            ["apiVersion"] = Api.Rollouts.Rollout.ApiGroupVersion,
            ["kind"] = Api.Rollouts.Rollout.KindName,
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { [RolloutAnnotations.Revision] = "2" } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["paused"] = paused,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = Template(name, "argoproj/rollouts-demo:yellow"),
                ["strategy"] = strategy,
            },
        };
    }

    /// <summary>The eight steps of the webinar rollout: 20 %, pause, 40, pause 10s, 60, pause 10s, 80, pause 10s.</summary>
    public static JsonArray EightSteps() =>
    [
        new JsonObject { ["setWeight"] = 20 },
        new JsonObject { ["pause"] = new JsonObject() },
        new JsonObject { ["setWeight"] = 40 },
        new JsonObject { ["pause"] = new JsonObject { ["duration"] = 10 } },
        new JsonObject { ["setWeight"] = 60 },
        new JsonObject { ["pause"] = new JsonObject { ["duration"] = "10s" } },
        new JsonObject { ["setWeight"] = 80 },
        new JsonObject { ["pause"] = new JsonObject { ["duration"] = 10 } },
    ];

    public static JsonObject ReplicaSet(string rolloutName, string rolloutUid, string hash, string revision, string image,
        int replicas, int ready, int available) => new()
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{rolloutName}-{hash}",
                ["labels"] = new JsonObject { ["app"] = rolloutName, [RolloutLabels.PodTemplateHash] = hash },
                ["annotations"] = new JsonObject { [RolloutAnnotations.Revision] = revision },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = Api.Rollouts.Rollout.ApiGroupVersion,
                    ["kind"] = Api.Rollouts.Rollout.KindName,
                    ["name"] = rolloutName,
                    ["uid"] = rolloutUid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = rolloutName, [RolloutLabels.PodTemplateHash] = hash } },
                ["template"] = Template(rolloutName, image, hash),
            },
            ["status"] = new JsonObject { ["replicas"] = replicas, ["readyReplicas"] = ready, ["availableReplicas"] = available },
        };

    private static JsonObject Template(string app, string image, string? hash = null)
    {
        var labels = new JsonObject { ["app"] = app };
        if (hash is not null)
        {
            labels[RolloutLabels.PodTemplateHash] = hash;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
        };
    }
}
