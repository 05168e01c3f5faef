using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Commands;
using CanaryOperator.Engine.Tests.Vectors;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Commands;

/// <summary>
/// <c>kubectl_plugin_patches.json</c>: bodies, targets and content types of the plugin's patches. Bodies are
/// compared byte for byte (Argo's format strings), except restart/undo whose vector bodies hold placeholders for
/// the time and the template; those are compared as JSON after filling the placeholder. When a vector's note spells
/// out the unified NotFound fallback, that is checked too.
/// </summary>
public sealed class KubectlPluginPatchVectorTests
{
    private const string File = "kubectl_plugin_patches.json";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, int, string> Cases => VectorFile.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector(string file, int index, string description)
    {
        var v = VectorFile.Get(file, index);
        var function = (string)v["function"]!;
        var input = v["input"]!.AsObject();
        var expected = v["expected"]!.AsObject();
        var rollout = Rollout(input);
        string? placeholderValue = null;

        RolloutCommandPlan plan;
        switch (function)
        {
            case "kubectl argo rollouts promote doesnotexist":
                RolloutCommands.NotFoundError("doesnotexist").Should().Be((string)expected["error"]!);
                return;
            case var f when f.StartsWith("kubectl argo rollouts promote", StringComparison.Ordinal):
                var flags = f["kubectl argo rollouts promote".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                plan = RolloutCommands.Promote(rollout, new PromoteOptions
                {
                    Full = flags.Contains("--full"),
                    SkipCurrentStep = flags.Contains("-c"),
                    SkipAllSteps = flags.Contains("-a"),
                });
                break;
            case "kubectl argo rollouts abort":
                plan = RolloutCommands.Abort(rollout);
                break;
            case "kubectl argo rollouts retry rollout":
                plan = RolloutCommands.Retry(rollout);
                break;
            case "kubectl argo rollouts pause":
                plan = RolloutCommands.Pause(rollout);
                break;
            case "kubectl argo rollouts restart":
                plan = RolloutCommands.Restart(rollout, Now, TimeSpan.FromSeconds(10));
                placeholderValue = "2026-11-27T10:00:10Z"; // inside the quotes of the vector body
                break;
            case "kubectl argo rollouts undo":
                var (undo, template) = Undo();
                plan = undo;
                placeholderValue = template;
                break;
            default:
                throw new InvalidOperationException("no mapping for " + function);
        }

        if (expected["error"] is { } error)
        {
            plan.Error.Should().Be((string)error!, description);
            plan.Requests.Should().BeEmpty();
            return;
        }

        plan.Error.Should().BeNull(description);
        var want = expected["patches"]!.AsArray();
        var requests = plan.Requests;
        requests.Should().HaveCount(want.Count, description);
        for (var i = 0; i < want.Count; i++)
        {
            var target = (string)want[i]!["target"]!;
            requests[i].Target.Should().Be(target.StartsWith("status", StringComparison.Ordinal) ? PatchTarget.StatusSubresource : PatchTarget.MainResource);
            requests[i].ContentType.Should().Be((string?)want[i]!["contentType"] ?? RolloutPatchRequest.MergePatch);
            var body = (string)want[i]!["body"]!;
            if (placeholderValue is null)
            {
                requests[i].Body.Should().Be(body);
            }
            else
            {
                var filled = body[..body.IndexOf('<', StringComparison.Ordinal)] + placeholderValue + body[(body.LastIndexOf('>') + 1)..];
                JsonNode.DeepEquals(JsonNode.Parse(requests[i].Body), JsonNode.Parse(filled)).Should().BeTrue(requests[i].Body);
            }
        }

        if (expected["output"] is { } output)
        {
            plan.Output.Should().Be((string)output!);
        }

        if (UnifiedFallbackFromNote((string?)v["note"]) is { } unified)
        {
            var fallback = plan.RequestsFor(statusSubresourceMissing: true);
            fallback[^1].Target.Should().Be(PatchTarget.MainResource);
            fallback[^1].Body.Should().Be(unified);
        }
        else if ((string?)v["note"] is { } note && note.Contains("same body is PATCHed to the main resource", StringComparison.Ordinal))
        {
            plan.RequestsFor(statusSubresourceMissing: true).Should().Equal(requests[0], requests[0] with { Target = PatchTarget.MainResource });
        }
    }

    private static Rollout Rollout(JsonObject input)
    {
        var canary = new JsonObject();
        var status = new JsonObject();
        var spec = new JsonObject { ["strategy"] = new JsonObject { ["canary"] = canary } };
        foreach (var (key, value) in input)
        {
            switch (key)
            {
                case "spec.paused":
                    spec["paused"] = value?.DeepClone();
                    break;
                case "steps":
                    canary["steps"] = value?.DeepClone();
                    break;
                case "strategy" when (string?)value == "blueGreen":
                    spec["strategy"] = new JsonObject { ["blueGreen"] = new JsonObject() };
                    break;
                case "status.canary.currentStepAnalysisRunStatus.status":
                    status["canary"] = new JsonObject { ["currentStepAnalysisRunStatus"] = new JsonObject { ["status"] = value?.DeepClone() } };
                    break;
                case var k when k.StartsWith("status.", StringComparison.Ordinal):
                    status[k["status.".Length..]] = value?.DeepClone();
                    break;
                default:
                    break; // "strategy": "canary", "now", "in", "workloadRef": descriptive only
            }
        }

        return ApiJson.Deserialize<Rollout>(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "guestbook" }, ["spec"] = spec, ["status"] = status });
    }

    private static (RolloutCommandPlan Plan, string ExpectedTemplate) Undo()
    {
        static V1PodTemplateSpec Template(string image, string hash) => new()
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "guestbook", [RolloutLabels.PodTemplateHash] = hash } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "guestbook", Image = image }] },
        };

        var current = Template("guestbook:v2", "h2");
        var history = new[] { new RolloutRevision(1, Template("guestbook:v1", "h1")), new RolloutRevision(2, current) };
        var plan = RolloutUndo.Plan(new Rollout { Metadata = new() { Name = "guestbook" } }, current, history);
        var expected = ApiJson.ToNode(Template("guestbook:v1", "h1"));
        expected["metadata"]!["labels"]!.AsObject().Remove(RolloutLabels.PodTemplateHash);
        return (plan, expected.ToJsonString());
    }

    // "...unified patch {...}" / "Unified fallback: {...}" → the JSON object text.
    private static string? UnifiedFallbackFromNote(string? note)
    {
        var at = note?.IndexOf("nified", StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var start = note!.IndexOf('{', at);
        var depth = 0;
        for (var i = start; i < note.Length; i++)
        {
            depth += note[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return note[start..(i + 1)];
            }
        }

        return null;
    }
}
