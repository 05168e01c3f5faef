using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Emulator.Simulation;
using CanaryOperator.Engine.Commands;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// <c>kubectl canary restart</c> end to end (§2.11): the operator replaces every pod of a Healthy Rollout by eviction,
/// never more than maxUnavailable (the seed's 5 replicas at the default "25" → 1) at a time, records restartedAt, and
/// then stops listing pods; a PodDisruptionBudget holds it back until it allows a disruption.
/// </summary>
public sealed class RestartTests
{
    private const string Ns = SeedScenario.Namespace;
    private const string Name = SeedScenario.RolloutName;
    private const int Replicas = 5;
    private const int Concurrency = 1;

    [Fact]
    public async Task Restart_replaces_every_pod_one_at_a_time_then_records_restartedAt_and_lists_no_more_pods()
    {
        await using var bed = await HealthyAsync();
        var oldPods = PodNames(bed);
        bed.Emulator.Audit.Clear();
        await bed.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        PodCalls(bed).Should().BeEmpty("no restart is due: a steady Rollout costs no pod call");

        var restartAt = await RestartAsync(bed);
        var maxUnavailable = 0;
        var sawRestarting = false;
        await bed.RunUntilAsync(() =>
        {
            maxUnavailable = Math.Max(maxUnavailable, Replicas - ReadyPods(bed));
            sawRestarting |= bed.Rollout(Ns, Name)?["status"]?["message"]?.GetValue<string>() == "rollout is restarting";
            return RestartedAt(bed) == restartAt;
        }, TimeSpan.FromMinutes(3), "restartedAt recorded");

        PodNames(bed).Should().HaveCount(Replicas).And.NotIntersectWith(oldPods, "every pod was replaced");
        maxUnavailable.Should().BeInRange(1, Concurrency, "one pod at a time (maxUnavailable 1)");
        sawRestarting.Should().BeTrue("the phase says Progressing, 'rollout is restarting', meanwhile");
        var evictions = PodCalls(bed).Where(e => e.Subresource == "eviction").ToList();
        evictions.Should().HaveCount(Replicas).And.OnlyContain(e => e.StatusCode == 201);
        await bed.RunUntilAsync(() => bed.Phase(Ns, Name) == "Healthy", TimeSpan.FromSeconds(30), "Healthy again");

        bed.Emulator.Audit.Clear();
        await bed.AdvanceAsync(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5));
        PodCalls(bed).Should().BeEmpty("the restart is recorded as done: no further pod calls");
        PodNames(bed).Should().HaveCount(Replicas);
    }

    [Fact]
    public async Task A_disruption_budget_that_refuses_holds_the_restart_until_it_allows_one()
    {
        await using var bed = await HealthyAsync();
        await bed.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "demo-pdb" },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = Replicas, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "rollouts-demo" } } },
        }, Ns);
        var oldPods = PodNames(bed);
        bed.Emulator.Audit.Clear();

        var restartAt = await RestartAsync(bed);
        await bed.AdvanceAsync(TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(1));

        var refused = PodCalls(bed).Where(e => e.Subresource == "eviction").ToList();
        refused.Should().HaveCountGreaterThanOrEqualTo(2, "refused at once, then retried on the 30 s recheck").And.OnlyContain(e => e.StatusCode == 429);
        PodNames(bed).Should().BeEquivalentTo(oldPods, "the budget let no pod go");
        RestartedAt(bed).Should().BeNull();
        bed.Phase(Ns, Name).Should().Be("Progressing");

        await bed.Client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(new V1Patch("{\"spec\":{\"minAvailable\":" + (Replicas - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}", V1Patch.PatchType.MergePatch), "demo-pdb", Ns);
        await bed.RunUntilAsync(() => RestartedAt(bed) == restartAt, TimeSpan.FromMinutes(5), "restartedAt recorded once the budget allows", TimeSpan.FromSeconds(1));
        PodNames(bed).Should().NotIntersectWith(oldPods);
    }

    private static async Task<Testbed> HealthyAsync()
    {
        var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(SeedScenario.Load().Yaml);
        await bed.StartOperatorAsync();
        await bed.RunUntilAsync(() => bed.Phase(Ns, Name) == "Healthy" && ReadyPods(bed) == Replicas, TimeSpan.FromMinutes(1), "first revision Healthy");
        // Pods created in the very second of restartAt count as current (second-precision timestamps): let time pass.
        await bed.AdvanceAsync(TimeSpan.FromSeconds(5));
        return bed;
    }

    /// <summary>The plugin's patch body (<c>kubectl canary restart</c>), sent as a merge patch on the Rollout.</summary>
    private static async Task<string> RestartAsync(Testbed bed)
    {
        var rollout = ApiJson.Deserialize<Rollout>(bed.Rollout(Ns, Name)!);
        var patch = RolloutCommands.Restart(rollout, bed.Clock.GetUtcNow()).SpecPatch!;
        await bed.PatchRolloutAsync(Ns, Name, patch.Body);
        return JsonNode.Parse(patch.Body)!["spec"]!["restartAt"]!.GetValue<string>();
    }

    private static string? RestartedAt(Testbed bed) => bed.Rollout(Ns, Name)?["status"]?["restartedAt"]?.GetValue<string>();

    private static List<JsonObject> LivePods(Testbed bed) =>
        [.. bed.Emulator.Store.List("pods", Ns).Items.Where(p => p["metadata"]?["deletionTimestamp"] is null
                                                                 && p["metadata"]?["labels"]?["app"]?.GetValue<string>() == "rollouts-demo")];

    private static List<string> PodNames(Testbed bed) => [.. LivePods(bed).Select(p => p["metadata"]!["name"]!.GetValue<string>())];

    private static int ReadyPods(Testbed bed) => LivePods(bed).Count(ReplicaSetSimulator.IsReady);

    private static List<Emulator.Diagnostics.AuditEntry> PodCalls(Testbed bed) =>
        [.. bed.Emulator.Audit.Entries.Where(e => e.Resource == "pods")];
}
