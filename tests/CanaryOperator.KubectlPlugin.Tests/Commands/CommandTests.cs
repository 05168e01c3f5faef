using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Diagnostics;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Commands;

/// <summary>Each sub-command in process against the emulator: requests (audit log + recorded bodies), stored state, output, exit code.</summary>
public sealed class CommandTests
{
    private const string Name = PausedAtStepOne.Name;

    [Fact]
    public async Task Promote_at_a_pause_step_patches_status_subresource_and_leaves_controller_pause()
    {
        await using var harness = await StartPausedAsync();
        harness.Api.Audit.Clear();

        var run = await harness.RunAsync("promote", Name);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be($"rollout '{Name}' promoted\n");
        var writes = harness.Api.Audit.Entries.Where(e => e.IsWrite).ToList();
        var write = writes.Should().ContainSingle().Subject;
        (write.Verb, write.Resource, write.Subresource, write.StatusCode).Should().Be(("patch", "rollouts", "status", 200));
        write.Path.Should().Be($"/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/{Name}/status");
        write.ContentType.Should().StartWith("application/merge-patch+json");
        harness.Recorder.Patches.Single().Body.Should().Be("""{"status":{"pauseConditions":null}}""");
        var status = harness.Stored(Name)["status"]!;
        status["pauseConditions"].Should().BeNull();
        status["controllerPause"]!.GetValue<bool>().Should().BeTrue("the controller reads 'controllerPause without conditions' as resumed");
    }

    [Fact]
    public async Task Promote_full_sends_promoteFull_then_unpauses_the_spec()
    {
        await using var harness = await StartPausedAsync(spec => spec["paused"] = true);

        var run = await harness.RunAsync("promote", Name, "--full");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be($"rollout '{Name}' fully promoted\n");
        harness.Recorder.Patches.Select(p => (p.IsStatusSubresource, p.Body)).Should().Equal(
            (true, """{"status":{"promoteFull":true}}"""), (false, """{"spec":{"paused":false}}"""));
        var stored = harness.Stored(Name);
        stored["status"]!["promoteFull"]!.GetValue<bool>().Should().BeTrue();
        stored["spec"]!["paused"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Abort_then_retry_flip_status_abort()
    {
        await using var harness = await StartPausedAsync();

        (await harness.RunAsync("abort", Name)).Output.Should().Be($"rollout '{Name}' aborted\n");
        harness.Stored(Name)["status"]!["abort"]!.GetValue<bool>().Should().BeTrue();
        (await harness.RunAsync("retry", "rollout", Name)).Output.Should().Be($"rollout '{Name}' retried\n");
        harness.Stored(Name)["status"]!["abort"]!.GetValue<bool>().Should().BeFalse();
        (await harness.RunAsync("abort", Name)).ExitCode.Should().Be(0);
        (await harness.RunAsync("retry", Name)).ExitCode.Should().Be(0, "retry ROLLOUT is accepted as a shorthand");
        harness.Stored(Name)["status"]!["abort"]!.GetValue<bool>().Should().BeFalse();
        harness.Recorder.Patches.Should().OnlyContain(p => p.IsStatusSubresource);
    }

    [Fact]
    public async Task Pause_and_resume_write_spec_paused_on_the_main_resource()
    {
        await using var harness = await StartPausedAsync();

        (await harness.RunAsync("pause", Name)).Output.Should().Be($"rollout '{Name}' paused\n");
        harness.Stored(Name)["spec"]!["paused"]!.GetValue<bool>().Should().BeTrue();
        (await harness.RunAsync("resume", Name)).Output.Should().Be($"rollout '{Name}' resumed\n");
        harness.Stored(Name)["spec"]!["paused"]!.GetValue<bool>().Should().BeFalse();
        harness.Recorder.Patches.Select(p => (p.IsStatusSubresource, p.Body)).Should().Equal(
            (false, """{"spec":{"paused":true}}"""), (false, """{"spec":{"paused":false}}"""));
    }

    [Fact]
    public async Task Resume_refuses_a_rollout_that_is_not_manually_paused_and_names_the_command_to_use()
    {
        await using var harness = await StartPausedAsync();

        var atStep = await harness.RunAsync("resume", Name);
        atStep.ExitCode.Should().Be(1);
        atStep.Error.Should().Be($"error: rollout '{Name}' is not manually paused; it waits at a step (CanaryPauseStep): continue with 'kubectl canary promote {Name} -n default'\n");

        await harness.Admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new k8s.Models.V1Patch("""{"status":{"pauseConditions":null}}""", k8s.Models.V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "default", "rollouts", Name);
        var running = await harness.RunAsync("resume", Name);
        running.ExitCode.Should().Be(1);
        running.Error.Should().Be($"error: rollout '{Name}' is not paused\n");
        harness.Recorder.Patches.Should().BeEmpty();
    }

    [Fact]
    public async Task Restart_in_a_go_duration_sets_restartAt_on_the_main_resource()
    {
        await using var harness = await StartPausedAsync();

        var run = await harness.RunAsync("restart", Name, "--in", "1m30s");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be($"rollout '{Name}' restarts in 90s\n");
        var patch = harness.Recorder.Patches.Should().ContainSingle().Subject;
        patch.IsStatusSubresource.Should().BeFalse();
        patch.Body.Should().Be("""{"spec":{"restartAt":"2026-11-27T11:01:30Z"}}""");
        harness.Stored(Name)["spec"]!["restartAt"]!.GetValue<string>().Should().Be("2026-11-27T11:01:30Z");
    }

    [Theory]
    [InlineData("1z")]
    [InlineData("10")]
    [InlineData("-5s")]
    public async Task Restart_with_a_bad_delay_fails_without_sending(string delay)
    {
        await using var harness = await StartPausedAsync();

        var run = await harness.RunAsync("restart", Name, "--in", delay);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"error: invalid --in \"{delay}\"");
        harness.Recorder.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("get")]
    [InlineData("promote")]
    [InlineData("abort")]
    [InlineData("retry", "rollout")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("restart")]
    public async Task An_unknown_rollout_is_named_in_the_error(params string[] command)
    {
        await using var harness = await StartPausedAsync();

        var run = await harness.RunAsync([.. command, "nope"]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be("error: rollouts.argoproj.io \"nope\" not found\n");
        run.Output.Should().BeEmpty();
        harness.Recorder.Patches.Should().BeEmpty();
    }

    [Fact]
    public async Task A_403_on_rollouts_status_names_the_missing_permission()
    {
        await using var harness = await StartPausedAsync();
        harness.Api.Faults.Add(new FaultRule { Verb = "patch", Resource = "rollouts", Subresource = "status", StatusCode = 403 });

        var run = await harness.RunAsync("promote", Name);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"error: forbidden: no permission to patch rollouts/status \"{Name}\" in namespace \"default\" (403 from the API: injected fault: Forbidden)")
            .And.Contain("verb \"patch\" on resource \"rollouts/status\"");
        run.Output.Should().BeEmpty();
        harness.Api.Audit.Entries.Should().Contain(e => e.Subresource == "status" && e.StatusCode == 403);
        harness.Stored(Name)["status"]!["pauseConditions"].Should().NotBeNull("nothing was changed");
    }

    [Fact]
    public async Task A_403_on_the_main_resource_names_rollouts_not_the_status()
    {
        await using var harness = await StartPausedAsync();
        harness.Api.Faults.Add(new FaultRule { Verb = "patch", Resource = "rollouts", Subresource = "", StatusCode = 403 });

        var run = await harness.RunAsync("pause", Name);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"error: forbidden: no permission to patch rollouts \"{Name}\" in namespace \"default\"");
    }

    [Fact]
    public async Task Without_a_status_subresource_promote_falls_back_to_the_unified_patch_on_the_main_resource()
    {
        await using var harness = await PluginHarness.StartAsync(statusSubresource: false);
        var rollout = PausedAtStepOne.Rollout();
        rollout["spec"]!["paused"] = true;
        rollout["status"] = PausedAtStepOne.Status();
        await harness.Admin.CustomObjects.CreateNamespacedCustomObjectAsync(rollout, "argoproj.io", "v1alpha1", "default", "rollouts");
        harness.Stored(Name)["status"]!["pauseConditions"].Should().NotBeNull("without the subresource status is written with the object");

        var run = await harness.RunAsync("promote", Name);

        run.ExitCode.Should().Be(0, run.ToString());
        harness.Recorder.Patches.Select(p => (p.IsStatusSubresource, p.Body)).Should().Equal(
            (true, """{"status":{"pauseConditions":null}}"""),
            (false, """{"spec":{"paused":false},"status":{"pauseConditions":null}}"""));
        harness.Api.Audit.Entries.Where(e => e.Verb == "patch").Select(e => e.StatusCode).Should().Equal(404, 200);
        var stored = harness.Stored(Name);
        stored["spec"]!["paused"]!.GetValue<bool>().Should().BeFalse();
        stored["status"]!["pauseConditions"].Should().BeNull();
    }

    [Fact]
    public async Task Namespace_flag_selects_the_rollout_namespace()
    {
        await using var harness = await StartPausedAsync();
        harness.Api.EnsureNamespace("team-a");
        var other = RolloutBuilder.Rollout("guestbook", RolloutBuilder.EightSteps());
        await harness.Admin.CustomObjects.CreateNamespacedCustomObjectAsync(other, "argoproj.io", "v1alpha1", "team-a", "rollouts");

        (await harness.RunAsync("pause", "guestbook")).Error.Should().Contain("\"guestbook\" not found");
        var run = await harness.RunAsync("pause", "guestbook", "-n", "team-a");

        run.ExitCode.Should().Be(0, run.ToString());
        harness.Api.Get("argoproj.io", "rollouts", "team-a", "guestbook")!["spec"]!["paused"]!.GetValue<bool>().Should().BeTrue();
        harness.Recorder.Patches.Single().Path.Should().Be("/apis/argoproj.io/v1alpha1/namespaces/team-a/rollouts/guestbook");
    }

    [Fact]
    public async Task Usage_errors_exit_non_zero()
    {
        await using var harness = await StartPausedAsync();
        (await harness.RunAsync("promote")).ExitCode.Should().NotBe(0);
        (await harness.RunAsync("frobnicate", Name)).ExitCode.Should().NotBe(0);
        harness.Recorder.Requests.Should().BeEmpty();
    }

    private static async Task<PluginHarness> StartPausedAsync(Action<JsonObject>? spec = null)
    {
        var harness = await PluginHarness.StartAsync();
        var rollout = PausedAtStepOne.Rollout();
        spec?.Invoke((JsonObject)rollout["spec"]!);
        var uid = await harness.CreateRolloutAsync(rollout, PausedAtStepOne.Status());
        foreach (var rs in PausedAtStepOne.ReplicaSets(uid))
        {
            await harness.CreateReplicaSetAsync(rs);
        }

        harness.Recorder.Clear();
        return harness;
    }
}
