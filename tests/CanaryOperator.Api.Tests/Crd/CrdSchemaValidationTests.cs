using System.Text.Json.Nodes;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>
/// What the translated CRD schema accepts and rejects, one field rule at a time, starting from a minimal valid
/// Rollout. Rejections are what kube-apiserver would prune or refuse.
/// </summary>
public sealed class CrdSchemaValidationTests
{
    private const string Minimal = """
        {
          "apiVersion": "argoproj.io/v1alpha1",
          "kind": "Rollout",
          "metadata": { "name": "demo", "namespace": "ns", "labels": { "a": "b" }, "annotations": { "x": "y" } },
          "spec": {
            "replicas": 3,
            "selector": { "matchLabels": { "app": "demo" } },
            "template": { "metadata": { "labels": { "app": "demo" } }, "spec": { "containers": [ { "name": "c", "image": "i" } ] } },
            "strategy": { "canary": { "steps": [ { "setWeight": 20 }, { "pause": {} } ] } }
          }
        }
        """;

    [Fact]
    public void Minimal_rollout_is_valid()
    {
        RolloutCrd.Validator.Errors(JsonNode.Parse(Minimal)!).Should().BeEmpty();
    }

    public static TheoryData<string, string> Accepted => new()
    {
        { "spec.strategy.canary.maxSurge", "1" },
        { "spec.strategy.canary.maxSurge", "\"25%\"" },
        { "spec.strategy.canary.maxUnavailable", "\"25\"" },
        { "spec.strategy.canary.steps[1].pause", "{\"duration\": 10}" },
        { "spec.strategy.canary.steps[1].pause", "{\"duration\": \"1h30m\"}" },
        { "spec.template.spec.anythingAtAll", "{\"x\": [1, 2]}" },
        { "spec.strategy.blueGreen", "{\"activeService\": \"a\", \"autoPromotionEnabled\": false}" },
        { "spec.strategy.canary.trafficRouting", "{\"nginx\": {\"stableIngress\": \"i\"}}" },
        { "spec.strategy.canary.steps[0].experiment", "{\"templates\": [{\"name\": \"t\", \"specRef\": \"canary\"}]}" },
        { "spec.restartAt", "\"2026-01-02T15:04:05Z\"" },
        { "spec.replicas", "2147483647" },
        { "status", "{\"observedGeneration\": \"7\", \"HPAReplicas\": 6, \"selector\": \"app=demo\"}" },
        { "status.canary", "{\"stepPluginStatuses\": [{\"index\": 0, \"name\": \"p\", \"operation\": \"Run\", \"status\": {\"any\": 1}}]}" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts(string path, string json)
    {
        var doc = With(path, json);

        RolloutCrd.Validator.Errors(doc).Should().BeEmpty();
    }

    public static TheoryData<string, string> Rejected => new()
    {
        { "spec.strategy.canary.steps[0].setWieght", "20" },
        { "spec.strategy.canary.maxSurge", "true" },
        { "spec.strategy.canary.steps[1].pause", "{\"duration\": 1.5}" },
        { "spec.strategy.canary.steps[1].pause", "{\"durations\": 10}" },
        { "spec.replicas", "\"3\"" },
        { "spec.replicas", "2147483648" },
        { "spec.replicas", "null" },
        { "spec.replica", "3" },
        { "spec.restartAt", "\"yesterday\"" },
        { "spec.strategy.canary.trafficRouting", "{\"istio\": {\"destinationRule\": {\"name\": \"dr\", \"canarySubsetName\": \"canary\"}}}" },
        { "spec.strategy.canary.trafficRouting", "{\"istio\": {\"virtualService\": {\"name\": \"vs\", \"route\": [\"primary\"]}}}" },
        { "spec.strategy.canary.trafficRouting", "{\"linkerd\": {}}" },
        { "spec.strategy.canary.antiAffinity", "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"x\": 1}}" },
        { "spec.selector", "{\"matchLabel\": {\"app\": \"demo\"}}" },
        { "spec.workloadRef", "{\"name\": \"d\", \"scaledown\": \"never\"}" },
        { "status", "{\"observedGeneration\": 7}" },
        { "status", "{\"hpaReplicas\": 6}" },
        { "status", "{\"conditions\": [{\"type\": \"Progressing\", \"status\": \"True\"}]}" },
        { "status", "{\"canary\": {\"weights\": {\"canary\": {\"weight\": 10}}}}" },
        { "status", "{\"pauseStartTime\": \"2026-01-02T15:04:05Z\"}" },
        { "status.stepPluginStatuses", "[]" },
        { "spec", "null" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects(string path, string json)
    {
        var doc = With(path, json);

        RolloutCrd.Validator.Errors(doc).Should().NotBeEmpty();
    }

    [Fact]
    public void Rollout_without_spec_is_rejected()
    {
        var doc = JsonNode.Parse(Minimal)!.AsObject();
        doc.Remove("spec");

        RolloutCrd.Validator.Errors(doc).Should().NotBeEmpty();
    }

    /// <summary>The minimal Rollout with <paramref name="json"/> set at a dotted path (<c>[i]</c> indexes arrays).</summary>
    private static JsonNode With(string path, string json)
    {
        var doc = JsonNode.Parse(Minimal)!;
        var segments = path.Split('.');
        JsonNode parent = doc;
        for (var i = 0; i < segments.Length; i++)
        {
            var (name, index) = Split(segments[i]);
            var last = i == segments.Length - 1;
            if (index is { } idx)
            {
                parent = parent[name]!.AsArray()[idx]!;
                if (last)
                {
                    throw new ArgumentException("a path must end in a property name", nameof(path));
                }

                continue;
            }

            if (last)
            {
                parent.AsObject()[name] = JsonNode.Parse(json);
            }
            else
            {
                parent = parent[name] ??= new JsonObject();
            }
        }

        return doc;
    }

    private static (string Name, int? Index) Split(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        return open < 0
            ? (segment, null)
            : (segment[..open], int.Parse(segment[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
