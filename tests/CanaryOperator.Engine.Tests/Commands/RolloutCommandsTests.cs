using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Commands;

public sealed class RolloutCommandsTests
{
    private static Rollout Canary(int steps, int? index, bool paused = false) => new()
    {
        Metadata = new() { Name = "ro" },
        Spec = new RolloutSpec
        {
            Paused = paused,
            Strategy = new RolloutStrategy { Canary = new CanaryStrategy { Steps = [.. Enumerable.Range(1, steps).Select(i => new CanaryStep { SetWeight = i })] } },
        },
        Status = new RolloutStatus { CurrentStepIndex = index },
    };

    [Fact]
    public void Promote_while_waiting_falls_back_to_one_unified_patch_without_a_status_subresource()
    {
        var plan = RolloutCommands.Promote(Canary(3, 1, paused: true));
        plan.Requests.Select(r => (r.Target, r.Body)).Should().Equal(
            (PatchTarget.StatusSubresource, """{"status":{"pauseConditions":null, "currentStepIndex":2}}"""),
            (PatchTarget.MainResource, """{"spec":{"paused":false}}"""));
        plan.RequestsFor(statusSubresourceMissing: true).Select(r => (r.Target, r.Body)).Should().Equal(
            (PatchTarget.StatusSubresource, """{"status":{"pauseConditions":null, "currentStepIndex":2}}"""),
            (PatchTarget.MainResource, """{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":2}}"""));
    }

    [Fact]
    public void Skip_current_step_never_passes_the_last_step()
    {
        RolloutCommands.Promote(Canary(2, 2), new PromoteOptions { SkipCurrentStep = true }).StatusPatch!.Body
            .Should().Be("""{"status":{"currentStepIndex":2}}""");
    }

    [Fact]
    public void Restart_writes_now_plus_delay_in_utc_to_the_main_resource()
    {
        var plan = RolloutCommands.Restart(Canary(1, 0), new DateTimeOffset(2026, 1, 2, 5, 4, 3, TimeSpan.FromHours(2)), TimeSpan.FromMinutes(1));
        plan.Requests.Should().ContainSingle().Which.Should().Be(RolloutPatchRequest.Main("""{"spec":{"restartAt":"2026-01-02T03:05:03Z"}}"""));
        RolloutCommands.Resume(Canary(1, 0)).Requests.Single().Body.Should().Be("""{"spec":{"paused":false}}""");
    }

    [Fact]
    public void Undo_picks_the_second_newest_revision_and_skips_an_identical_template()
    {
        static V1PodTemplateSpec T(string image, string hash) => new()
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "a", [RolloutLabels.PodTemplateHash] = hash } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
        };

        var history = new[] { new RolloutRevision(3, T("v3", "h3")), new RolloutRevision(1, T("v1", "h1")), new RolloutRevision(2, T("v2", "h2")) };
        var rollout = new Rollout { Metadata = new() { Name = "ro" } };
        var plan = RolloutUndo.Plan(rollout, T("v3", "h3"), history);
        plan.SpecPatch!.ContentType.Should().Be(RolloutPatchRequest.JsonPatch);
        plan.SpecPatch.Body.Should().Contain("\"image\":\"v2\"").And.NotContain("rollouts-pod-template-hash");
        RolloutUndo.Plan(rollout, T("v1", "other-hash"), history, toRevision: 1).Output.Should().Be("skipped rollback (current template already matches revision 1)");
        RolloutUndo.Plan(rollout, null, history, toRevision: 9).Error.Should().Be("unable to find specified revision 9 in history");
        RolloutUndo.Plan(rollout, null, history.Take(1).ToList()).Error.Should().NotBeNull();
        RolloutUndo.TargetsWorkload(rollout with { Spec = new RolloutSpec { WorkloadRef = new WorkloadRef { Kind = "Deployment", Name = "d" } } }).Should().BeTrue();
    }
}
