using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Commands;

public sealed class GetCommandTests
{
    [Fact]
    public async Task Get_prints_the_tree_of_the_stored_rollout_and_only_reads()
    {
        await using var harness = await PluginHarness.StartAsync();
        await PausedAtStepOne.CreateAsync(harness);
        // A ReplicaSet of another rollout with the same labels must not show up.
        await harness.CreateReplicaSetAsync(RolloutBuilder.ReplicaSet("other", "not-the-uid", "ffffffffff", "1", "x:1", 1, 1, 1));
        harness.Api.Audit.Clear();

        var run = await harness.RunAsync("get", PausedAtStepOne.Name);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Be(PausedAtStepOne.Snapshot);
        harness.Api.Audit.Entries.Should().NotContain(e => e.IsWrite);
    }

    [Fact]
    public async Task The_synchronous_entry_point_prints_the_same_tree()
    {
        await using var harness = await PluginHarness.StartAsync();
        await PausedAtStepOne.CreateAsync(harness);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Task.Run(() => KubectlCanary.Run(["get", PausedAtStepOne.Name, "-n", "default"], harness.Client, output, error));

        code.Should().Be(0, error.ToString());
        output.ToString().Should().Be(PausedAtStepOne.Snapshot);
    }

    [Fact]
    public async Task Get_watch_prints_again_when_the_rollout_changes_and_stops_at_the_timeout()
    {
        await using var harness = await PluginHarness.StartAsync();
        await PausedAtStepOne.CreateAsync(harness);

        var watching = harness.RunAsync("get", PausedAtStepOne.Name, "--watch", "--interval", "0.05", "--timeout-seconds", "3");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        await harness.Admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"pauseConditions":null,"controllerPause":null,"currentStepIndex":2,"phase":"Progressing","message":"more replicas need to be updated"}}""", V1Patch.PatchType.MergePatch),
            "argoproj.io", "v1alpha1", "default", "rollouts", PausedAtStepOne.Name);
        var run = await watching;

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().StartWith(PausedAtStepOne.Snapshot + "\n", "the first print is the plain get, then a blank line before the next");
        var second = run.Output[(PausedAtStepOne.Snapshot.Length + 1)..];
        second.Should().Contain("Status:         Progressing\n").And.Contain("  Step:         2/8\n").And.Contain("steps[2] setWeight 40").And.NotContain("To continue:");
        System.Text.RegularExpressions.Regex.Matches(run.Output, "^Name:", System.Text.RegularExpressions.RegexOptions.Multiline).Should().HaveCount(2, "unchanged reads print nothing");
    }
}
