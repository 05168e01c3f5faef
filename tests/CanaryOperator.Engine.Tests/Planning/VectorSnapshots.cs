using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;
using k8s.Models;

namespace CanaryOperator.Engine.Tests.Planning;

/// <summary>
/// Turns the controller-level vectors (Go fixtures with mocked routers) into snapshots: the mocked/SMI router
/// becomes Istio with a VirtualService whose route has a "stable" and a "canary" destination and a DestinationRule
/// (subsets stable/canary) whose labels start at the recorded hashes, so "SetWeight(w)" reads as "the canary
/// destination ends at w" and "UpdateHash(c, s)" as "the subsets end labelled c/s".
/// </summary>
public static class VectorSnapshots
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Image = "app:new";

    public static Rollout Rollout(JsonObject vector, Func<string, string> hashes, bool istioSubsetsOnly = false, bool forceIstio = false)
    {
        var input = vector["input"]!.AsObject();
        var spec = input["rollout"]!["spec"]!.DeepClone().AsObject();
        var canary = spec["strategy"]!["canary"]!.AsObject();
        if (canary["trafficRouting"] is JsonObject tr && (forceIstio || !tr.ContainsKey("istio")))
        {
            canary["trafficRouting"] = JsonNode.Parse("""
                {"istio":{"virtualService":{"name":"vs","routes":["primary"]},
                 "destinationRule":{"name":"dr","canarySubsetName":"canary","stableSubsetName":"stable"}}}
                """);
        }

        if (istioSubsetsOnly)
        {
            canary.Remove("canaryService");
            canary.Remove("stableService");
        }

        spec["selector"] ??= JsonNode.Parse("""{"matchLabels":{"app":"demo"}}""");
        spec["template"] = Template(Image, null, spec["selector"]!["matchLabels"] as JsonObject);
        var status = Resolve(input["rollout"]!["status"]?.DeepClone() ?? new JsonObject(), hashes).AsObject();
        var rollout = ApiJson.Deserialize<Rollout>(new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = JsonNode.Parse("""{"name":"ro","namespace":"default","generation":1,"uid":"u","annotations":{"rollout.argoproj.io/revision":"2"}}"""),
            ["spec"] = spec,
            ["status"] = status,
        });
        return rollout;
    }

    /// <summary>Replaces placeholders: <c>&lt;now-61s&gt;</c> → a time, <c>&lt;stable hash&gt;</c> → a hash via <paramref name="hashes"/>.</summary>
    public static JsonNode Resolve(JsonNode node, Func<string, string> hashes)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    o[key] = o[key] is null ? null : Resolve(o[key]!.DeepClone(), hashes);
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    a[i] = a[i] is null ? null : Resolve(a[i]!.DeepClone(), hashes);
                }

                return a;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith('<') && text.EndsWith('>'):
                var inner = text[1..^1];
                var m = System.Text.RegularExpressions.Regex.Match(inner, @"^now-(\d+)s$");
                if (m.Success)
                {
                    return JsonValue.Create(Api.Primitives.Rfc3339Time.ToText(Now.AddSeconds(-int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))));
                }

                if (inner.StartsWith("now", StringComparison.Ordinal))
                {
                    return JsonValue.Create(Api.Primitives.Rfc3339Time.ToText(Now));
                }

                return JsonValue.Create(hashes(new string([.. inner.ToLowerInvariant().Where(char.IsLetterOrDigit)])));
            default:
                return node;
        }
    }

    public static JsonNode Template(string image, string? hash, JsonObject? podLabels = null)
    {
        var labels = podLabels?.DeepClone().AsObject() ?? new JsonObject { ["app"] = "demo" };
        if (hash is not null)
        {
            labels[RolloutLabels.PodTemplateHash] = hash;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = JsonNode.Parse($$"""{"containers":[{"name":"app","image":"{{image}}"}]}"""),
        };
    }

    /// <summary>A ReplicaSet; the one running <see cref="Image"/> is recognised as the new RS by template equality.</summary>
    public static ReplicaSetState ReplicaSet(string hash, int spec, int available, long revision, bool current, int? desiredAnnotation = null, IReadOnlyDictionary<string, string>? extraAnnotations = null, JsonObject? podLabels = null)
    {
        var annotations = new Dictionary<string, string>(extraAnnotations ?? new Dictionary<string, string>())
        {
            [RolloutAnnotations.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (desiredAnnotation is { } d)
        {
            annotations[RolloutAnnotations.DesiredReplicas] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ReplicaSetState
        {
            Name = $"ro-{hash}",
            PodTemplateHash = hash,
            SpecReplicas = spec,
            StatusReplicas = spec,
            ReadyReplicas = available,
            AvailableReplicas = available,
            Revision = revision,
            CreationTimestamp = Now.AddMinutes(-100 + revision),
            Annotations = annotations,
            Labels = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = hash },
            Template = ApiJson.Deserialize<V1PodTemplateSpec>(Template(current ? Image : $"app:old-{hash}", hash, podLabels)),
        };
    }

    /// <summary>Seeds what the Go fixtures carry implicitly: step hash, and Paused/Progressing conditions in line with the pause state.</summary>
    public static Rollout Settle(Rollout rollout)
    {
        var status = rollout.Status ?? new RolloutStatus();
        var conditions = new List<RolloutCondition>();
        if ((status.PauseConditions?.Count ?? 0) > 0 || rollout.Spec.Paused == true)
        {
            conditions.Add(new RolloutCondition { Type = RolloutConditionTypes.Progressing, Status = "Unknown", Reason = RolloutConditionReasons.RolloutPaused, Message = "Rollout is paused", LastUpdateTime = Now, LastTransitionTime = Now });
            conditions.Add(new RolloutCondition { Type = RolloutConditionTypes.Paused, Status = "True", Reason = RolloutConditionReasons.RolloutPaused, Message = "Rollout is paused", LastUpdateTime = Now, LastTransitionTime = Now });
        }

        var pauses = status.PauseConditions?.Select(p => p with { StartTime = p.StartTime ?? Now }).ToList();
        return rollout with
        {
            Status = status with
            {
                CurrentStepHash = CanarySteps.StepHash(rollout),
                Conditions = status.Conditions ?? conditions,
                PauseConditions = pauses,
            },
        };
    }

    public static ClusterSnapshot Snapshot(Rollout rollout, IReadOnlyList<ReplicaSetState> replicaSets)
    {
        var status = rollout.Status ?? new RolloutStatus();
        var weights = status.Canary?.Weights;
        var canaryWeight = weights?.Canary.Weight ?? 0;
        var canary = rollout.Spec.Strategy.Canary!;
        var services = new Dictionary<string, ServiceState>();
        foreach (var (svc, hash) in new[] { (canary.CanaryService, weights?.Canary.PodTemplateHash ?? status.CurrentPodHash), (canary.StableService, weights?.Stable.PodTemplateHash ?? status.StableRS) })
        {
            if (!string.IsNullOrEmpty(svc))
            {
                services[svc] = new ServiceState
                {
                    Name = svc,
                    Selector = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = hash ?? "" },
                    Annotations = new Dictionary<string, string> { [RolloutAnnotations.ManagedByRollouts] = "ro" },
                };
            }
        }

        var canaryHost = string.IsNullOrEmpty(canary.CanaryService) ? "svc" : canary.CanaryService;
        var stableHost = string.IsNullOrEmpty(canary.StableService) ? "svc" : canary.StableService;
        var vs = ApiJson.Deserialize<VirtualService>(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "vs", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["hosts"] = new JsonArray("svc"),
                ["http"] = new JsonArray(new JsonObject
                {
                    ["name"] = "primary",
                    ["route"] = new JsonArray(
                        new JsonObject { ["destination"] = new JsonObject { ["host"] = stableHost, ["subset"] = "stable" }, ["weight"] = 100 - canaryWeight },
                        new JsonObject { ["destination"] = new JsonObject { ["host"] = canaryHost, ["subset"] = "canary" }, ["weight"] = canaryWeight }),
                }),
            },
        });
        var dr = ApiJson.Deserialize<DestinationRule>(new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "dr",
                ["namespace"] = "default",
                ["annotations"] = new JsonObject { [RolloutAnnotations.ManagedByRollouts] = "ro" },
            },
            ["spec"] = new JsonObject
            {
                ["host"] = "svc",
                ["subsets"] = new JsonArray(
                    new JsonObject { ["name"] = "stable", ["labels"] = Labels(weights?.Stable.PodTemplateHash ?? status.StableRS) },
                    new JsonObject { ["name"] = "canary", ["labels"] = Labels(weights?.Canary.PodTemplateHash) }),
            },
        });
        return new ClusterSnapshot
        {
            Rollout = rollout,
            Now = Now,
            ReplicaSets = replicaSets,
            Services = services,
            VirtualServices = new Dictionary<string, VirtualService> { ["default/vs"] = vs },
            DestinationRule = dr,
        };
    }

    private static JsonObject Labels(string? hash)
    {
        var labels = new JsonObject { ["app"] = "demo" };
        if (!string.IsNullOrEmpty(hash))
        {
            labels[RolloutLabels.PodTemplateHash] = hash;
        }

        return labels;
    }
}
