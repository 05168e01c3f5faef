using System.Text.Json.Nodes;
using CanaryOperator.Engine.Commands;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Commands;

/// <summary>
/// <c>kubectl canary undo</c> against the emulator: the vector's JSON patch (<c>kubectl_plugin_patches.json</c>, "undo"),
/// byte for byte, sent to the Rollout or to its workloadRef Deployment, and the template that results.
/// </summary>
public sealed class UndoCommandTests
{
    private const string Name = "guestbook";

    // What the vector's "<pod template of the target revision RS, with rollouts-pod-template-hash label removed>" is for
    // revision 1 below: the RS template (labels app + hash, one container) without the hash label.
    private const string RevisionOneBody =
        """[{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"guestbook"}},"spec":{"containers":[{"image":"guestbook:v1","name":"app"}]}}}]""";

    [Fact]
    public async Task Undo_replaces_the_rollout_template_with_the_previous_revision()
    {
        await using var harness = await StartWithHistoryAsync(workloadRef: false);

        var run = await harness.RunAsync("undo", Name);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be($"rollout '{Name}' undo\n");
        var patch = harness.Recorder.Patches.Should().ContainSingle().Subject;
        patch.Path.Should().Be($"/apis/argoproj.io/v1alpha1/namespaces/{PluginHarness.Ns}/rollouts/{Name}");
        patch.ContentType.Should().Be(RolloutPatchRequest.JsonPatch);
        patch.Body.Should().Be(RevisionOneBody);
        Image(harness.Stored(Name)["spec"]!["template"]!).Should().Be("guestbook:v1");
    }

    [Fact]
    public async Task With_workloadRef_the_same_patch_goes_to_the_Deployment_and_the_rollout_is_untouched()
    {
        await using var harness = await StartWithHistoryAsync(workloadRef: true);

        var run = await harness.RunAsync("undo", Name, "--to-revision", "1");

        run.ExitCode.Should().Be(0, run.ToString());
        var patch = harness.Recorder.Patches.Should().ContainSingle().Subject;
        patch.Path.Should().Be($"/apis/apps/v1/namespaces/{PluginHarness.Ns}/deployments/{Name}");
        patch.ContentType.Should().Be(RolloutPatchRequest.JsonPatch);
        patch.Body.Should().Be(RevisionOneBody);
        Image(harness.Api.Get("apps", "deployments", PluginHarness.Ns, Name)!["spec"]!["template"]!).Should().Be("guestbook:v1");
        harness.Stored(Name)["spec"]!["template"].Should().BeNull("the Rollout takes its template from the Deployment");
    }

    [Fact]
    public async Task Undo_to_the_current_revision_is_skipped_and_sends_nothing()
    {
        await using var harness = await StartWithHistoryAsync(workloadRef: true);

        var run = await harness.RunAsync("undo", Name, "--to-revision", "2");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be("skipped rollback (current template already matches revision 2)\n");
        harness.Recorder.Patches.Should().BeEmpty();
    }

    [Theory]
    [InlineData("7", "error: unable to find specified revision 7 in history")]
    [InlineData("-1", "error: invalid --to-revision -1")]
    public async Task Unknown_or_invalid_revisions_are_errors(string revision, string error)
    {
        await using var harness = await StartWithHistoryAsync(workloadRef: false);

        var run = await harness.RunAsync("undo", Name, "--to-revision", revision);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith(error);
        harness.Recorder.Patches.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_rollout_is_named()
    {
        await using var harness = await PluginHarness.StartAsync();

        var run = await harness.RunAsync("undo", "nope");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("nope").And.Contain("not found");
    }

    /// <summary>A rollout at revision 2 (image v2) with ReplicaSets for revisions 1 (v1) and 2 (v2).</summary>
    private static async Task<PluginHarness> StartWithHistoryAsync(bool workloadRef)
    {
        var harness = await PluginHarness.StartAsync();
        var rollout = RolloutBuilder.Rollout(Name, RolloutBuilder.EightSteps());
        var spec = rollout["spec"]!.AsObject();
        if (workloadRef)
        {
            spec.Remove("template");
            spec["workloadRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = Name };
            var deployment = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = Name },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 0,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
                    ["template"] = JsonNode.Parse("""{"metadata":{"labels":{"app":"guestbook"}},"spec":{"containers":[{"name":"app","image":"guestbook:v2"}]}}"""),
                },
            };
            await harness.Admin.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(deployment.ToJsonString()), PluginHarness.Ns);
        }
        else
        {
            spec["template"]!["spec"]!["containers"]![0]!["image"] = "guestbook:v2";
        }

        var uid = await harness.CreateRolloutAsync(rollout);
        await harness.CreateReplicaSetAsync(RolloutBuilder.ReplicaSet(Name, uid, "6c8d4f9b7", "1", "guestbook:v1", 0, 0, 0));
        await harness.CreateReplicaSetAsync(RolloutBuilder.ReplicaSet(Name, uid, "5f7b9c6d4", "2", "guestbook:v2", 5, 5, 5));
        harness.Recorder.Clear();
        return harness;
    }

    private static string Image(JsonNode template) => template["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
}
