using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Tests.Support;
using k8s.Models;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>
/// Drift guard between the C# model and the CRD: every JSON path the model reads or writes is declared in the
/// schema with a compatible type (or the apiserver would prune what the controller writes), and every schema
/// field under <c>spec</c> and <c>status</c> is modelled or on the explicit preserved-only list.
/// </summary>
public sealed class ModelCrdDriftTests
{
    // KubernetesClient types whose fields the CRD declares field by field (not preserved as a whole).
    private static readonly Type[] DeclaredExternalTypes = [typeof(V1LabelSelector), typeof(V1LabelSelectorRequirement)];

    /// <summary>
    /// CRD fields the model keeps only in a <c>[JsonExtensionData]</c> catch-all: stored and returned as given, never
    /// interpreted. Each is something this operator does not implement (analysis, plugins, blue-green, ALB).
    /// </summary>
    private static readonly string[] PreservedOnly =
    [
        "spec.analysis",
        "spec.analysis.successfulRunHistoryLimit",
        "spec.analysis.unsuccessfulRunHistoryLimit",
        "status.alb",
        "status.albs",
        "status.albs[]",
        "status.canary.currentBackgroundAnalysisRunStatus",
        "status.canary.currentBackgroundAnalysisRunStatus.message",
        "status.canary.currentBackgroundAnalysisRunStatus.name",
        "status.canary.currentBackgroundAnalysisRunStatus.status",
        "status.canary.currentExperiment",
        "status.canary.currentStepAnalysisRunStatus",
        "status.canary.currentStepAnalysisRunStatus.message",
        "status.canary.currentStepAnalysisRunStatus.name",
        "status.canary.currentStepAnalysisRunStatus.status",
        "status.canary.stepPluginStatuses",
        "status.canary.stepPluginStatuses[]",
        "spec.strategy.canary.trafficRouting.alb",
        "spec.strategy.canary.trafficRouting.ambassador",
        "spec.strategy.canary.trafficRouting.apisix",
        "spec.strategy.canary.trafficRouting.appMesh",
        "spec.strategy.canary.trafficRouting.nginx",
        "spec.strategy.canary.trafficRouting.plugins",
        "spec.strategy.canary.trafficRouting.smi",
        "spec.strategy.canary.trafficRouting.traefik",
    ];

    private static IReadOnlyList<ModelField> ModelFields =>
        ModelJsonPaths.Walk(typeof(Rollout), DeclaredExternalTypes)
            .Where(f => f.Path is not ("apiVersion" or "kind") && !f.Path.StartsWith("metadata", StringComparison.Ordinal))
            .ToList();

    public static TheoryData<string> ModelPaths
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var modelField in ModelFields)
            {
                data.Add(modelField.Path);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ModelPaths))]
    public void Model_field_is_declared_in_the_crd_with_a_compatible_type(string path)
    {
        var field = ModelFields.Single(f => f.Path == path);
        var node = SchemaPath.Resolve(RolloutCrd.Schema, path);

        node.Should().NotBeNull($"the model writes {path}; an undeclared field would be pruned by the apiserver");
        Describe(node!).Should().BeOneOf(Compatible(field.Kind), path);
    }

    [Fact]
    public void The_model_has_the_fields_the_issue_requires()
    {
        var paths = ModelFields.Select(f => f.Path).ToHashSet();

        paths.Should().Contain([
            "status.HPAReplicas", "status.observedGeneration", "status.selector", "status.duration.rolloutStartedAt",
            "status.duration.completionStatus", "spec.strategy.canary.steps[].pause.duration",
            "spec.strategy.canary.maxSurge", "spec.strategy.canary.maxUnavailable", "spec.workloadRef.scaleDown",
            "spec.strategy.canary.trafficRouting.istio.destinationRule.stableSubsetName",
        ]);
        ModelFields.Single(f => f.Path == "status.observedGeneration").Kind.Should().Be(ModelFieldKind.String);
    }

    [Fact]
    public void Every_crd_field_under_spec_and_status_is_modelled_or_preserved_only()
    {
        var modelled = ModelFields.Select(f => f.Path).ToHashSet();
        var opaque = ModelFields.Where(f => f.Kind is ModelFieldKind.Opaque or ModelFieldKind.External).Select(f => f.Path).ToList();
        var crdPaths = new List<string>();
        var schema = RolloutCrd.Schema;
        CollectPaths((JsonObject)schema["properties"]!["spec"]!, "spec", crdPaths);
        CollectPaths((JsonObject)schema["properties"]!["status"]!, "status", crdPaths);

        var notModelled = crdPaths
            .Where(p => !modelled.Contains(p))
            .Where(p => !opaque.Any(o => p.StartsWith(o + ".", StringComparison.Ordinal) || p.StartsWith(o + "[", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        notModelled.Should().BeEquivalentTo(PreservedOnly);
    }

    [Fact]
    public void Preserved_only_fields_survive_a_round_trip_through_the_catch_alls()
    {
        var input = JsonNode.Parse("""
            {
              "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": { "name": "r" },
              "spec": {
                "analysis": { "successfulRunHistoryLimit": 3 },
                "strategy": { "canary": { "trafficRouting": { "nginx": { "stableIngress": "i" } } } }
              },
              "status": {
                "alb": { "ingress": "i" },
                "canary": { "currentExperiment": "e", "currentStepAnalysisRunStatus": { "name": "a", "status": "Running" } }
              }
            }
            """)!;

        var rollout = Api.Serialization.ApiJson.Deserialize<Rollout>(input);
        var output = Api.Serialization.ApiJson.ToNode(rollout);

        JsonComparison.Differences(input, output).Should().BeEmpty();

        // Other components read these from the catch-alls (e.g. the promote command's inconclusive-analysis
        // check, the validator's unsupported-router check); typing them would silently empty Extra.
        rollout.Status!.Canary!.Extra!.Keys.Should().BeEquivalentTo(["currentExperiment", "currentStepAnalysisRunStatus"]);
        rollout.Spec.Strategy.Canary!.TrafficRouting!.Extra!.Keys.Should().Equal("nginx");
        rollout.Spec.Extra!.Keys.Should().Equal("analysis");
        rollout.Status.Extra!.Keys.Should().Equal("alb");
    }

    private static void CollectPaths(JsonObject node, string path, List<string> result)
    {
        result.Add(path);
        if (node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true)
        {
            return; // below a preserved node there are no declared fields to model
        }

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            CollectPaths((JsonObject)child!, path + "." + name, result);
        }

        if (node["items"] is JsonObject items)
        {
            CollectPaths(items, path + "[]", result);
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            CollectPaths(additional, path + "{}", result);
        }
    }

    private static string Describe(JsonObject node)
    {
        if (node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return "int-or-string";
        }

        var type = node["type"]?.GetValue<string>() ?? "";
        var format = node["format"]?.GetValue<string>();
        if (type == "object" && node.ContainsKey("additionalProperties"))
        {
            return "map";
        }

        if (type == "object" && node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true && !node.ContainsKey("properties"))
        {
            return "preserved object";
        }

        return format is null ? type : $"{type}/{format}";
    }

    // The schema forms that hold what a model field of each kind reads and writes.
    private static string[] Compatible(ModelFieldKind kind) => kind switch
    {
        ModelFieldKind.Object => ["object"],

        // A client type (pod template) may be declared or kept whole.
        ModelFieldKind.External => ["object", "preserved object"],
        ModelFieldKind.Array => ["array"],
        ModelFieldKind.Map => ["map"],

        // restartAt / restartedAt are strings in the model that carry RFC 3339 times.
        ModelFieldKind.String => ["string", "string/date-time"],
        ModelFieldKind.Integer32 => ["integer/int32"],
        ModelFieldKind.Integer64 => ["integer/int64"],
        ModelFieldKind.Boolean => ["boolean"],
        ModelFieldKind.DateTime => ["string/date-time"],
        ModelFieldKind.IntOrString => ["int-or-string"],

        // A JsonElement keeps any object verbatim, so the CRD may declare its fields (antiAffinity, mirror
        // matches, plugin) or preserve them.
        ModelFieldKind.Opaque => ["object", "preserved object"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
