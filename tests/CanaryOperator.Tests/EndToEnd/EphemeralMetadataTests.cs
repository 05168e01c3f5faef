using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Commands;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// <c>canaryMetadata</c> / <c>stableMetadata</c> (§6.6) through the real operator and the emulator: the seed rollout
/// (blue → red) with a <c>role</c> label per role. The labels are on the ReplicaSets' pod templates and so on the pods
/// those create; after the promotion the new stable's running pods are patched in place, then its ReplicaSet (one
/// patch), the old stable's template cleanup shares its patch with the scale-down deadline, and a settled rollout
/// neither writes nor lists pods.
/// </summary>
public sealed class EphemeralMetadataTests(ITestOutputHelper output)
{
    /// <summary>Inserted under the seed Rollout's <c>strategy.canary</c> (its fields sit at six spaces).</summary>
    private const string Metadata =
        "      canaryMetadata:\n" +
        "        labels: {role: canary}\n" +
        "        annotations: {example.com/track: canary}\n" +
        "      stableMetadata:\n" +
        "        labels: {role: stable}\n";

    private static string SeedWithMetadata()
    {
        const string Anchor = "\n    canary:\n";
        var yaml = Load().Yaml.ReplaceLineEndings("\n");
        yaml.Should().Contain(Anchor);
        return yaml.Replace(Anchor, Anchor + Metadata, StringComparison.Ordinal);
    }

    private static string? StatusField(Testbed bed, string field) => bed.Rollout(Namespace, RolloutName)?["status"]?[field]?.GetValue<string>();

    private static JsonObject ReplicaSet(Testbed bed, string hash) =>
        bed.ReplicaSets(Namespace, RolloutName).Single(r => r["metadata"]?["labels"]?[RolloutLabels.PodTemplateHash]?.GetValue<string>() == hash);

    private static string? TemplateLabel(Testbed bed, string hash, string key) =>
        ReplicaSet(bed, hash)["spec"]?["template"]?["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static string? TemplateAnnotation(Testbed bed, string hash, string key) =>
        ReplicaSet(bed, hash)["spec"]?["template"]?["metadata"]?["annotations"]?[key]?.GetValue<string>();

    /// <summary>The value of label <paramref name="key"/> on each live pod of the ReplicaSet with that hash (null = absent).</summary>
    private static List<string?> PodLabels(Testbed bed, string hash, string key) => PodMetadata(bed, hash, "labels", key);

    private static List<string?> PodMetadata(Testbed bed, string hash, string map, string key) =>
        [.. bed.Emulator.Store.List("pods", Namespace).Items
            .Where(p => p["metadata"]?["labels"]?[RolloutLabels.PodTemplateHash]?.GetValue<string>() == hash && p["metadata"]?["deletionTimestamp"] is null)
            .Select(p => p["metadata"]?[map]?[key]?.GetValue<string>())];

    private static int PodLists(Testbed bed) => bed.Emulator.Audit.Entries.Count(e => e is { Verb: "list", Resource: "pods" });

    [Fact]
    public async Task Canary_and_stable_pods_carry_their_role_and_the_switch_costs_one_patch()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(SeedWithMetadata());
        var ledger = new WriteLedger(bed.Emulator);
        await bed.StartOperatorAsync(intercept: ledger);

        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy && StatusField(bed, "stableRS") is not null,
            TimeSpan.FromMinutes(2), "revision 1 Healthy");
        var h1 = StatusField(bed, "stableRS")!;
        TemplateLabel(bed, h1, "role").Should().Be("stable", "the first ReplicaSet will be the stable one");
        PodLabels(bed, h1, "role").Should().HaveCount(5).And.OnlyContain(v => v == "stable");
        ReplicaSet(bed, h1)["metadata"]?["labels"]?["role"].Should().BeNull("only the pod template carries ephemeral metadata");

        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused && StatusField(bed, "currentPodHash") != h1,
            TimeSpan.FromMinutes(2), "paused at step 1");
        var h2 = StatusField(bed, "currentPodHash")!;
        TemplateLabel(bed, h2, "role").Should().Be("canary");
        TemplateAnnotation(bed, h2, "example.com/track").Should().Be("canary");
        PodLabels(bed, h2, "role").Should().NotBeEmpty().And.OnlyContain(v => v == "canary");
        PodLabels(bed, h1, "role").Should().OnlyContain(v => v == "stable");
        var templateWritesBeforePromotion = ledger.Entries.Count(e => e is { Verb: "PATCH", Resource: "replicasets" } && e.Body!.Contains("\"template\"", StringComparison.Ordinal));
        templateWritesBeforePromotion.Should().Be(0, "both ReplicaSets were created with their metadata");

        await bed.PatchRolloutStatusAsync(Namespace, RolloutName, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => SeedScripts.FullyPromoted(bed, h1), TimeSpan.FromMinutes(3), "fully promoted, old ReplicaSet at 0");

        TemplateLabel(bed, h2, "role").Should().Be("stable", "the new stable carries the stable metadata");
        TemplateAnnotation(bed, h2, "example.com/track").Should().BeNull("the canary-only annotation is removed");
        ReplicaSet(bed, h2)["metadata"]?["annotations"]?[RolloutAnnotations.EphemeralMetadata]?.GetValue<string>().Should().Be("""{"labels":{"role":"stable"}}""");
        TemplateLabel(bed, h1, "role").Should().BeNull("the old stable's template is cleaned");
        ReplicaSet(bed, h1)["metadata"]?["annotations"]?[RolloutAnnotations.EphemeralMetadata].Should().BeNull();
        PodLabels(bed, h2, "role").Should().HaveCount(5).And.OnlyContain(v => v == "stable", "the running pods were relabelled in place");
        PodMetadata(bed, h2, "annotations", "example.com/track").Should().OnlyContain(v => v == null);
        var podPatches = ledger.Entries.Where(e => e is { Verb: "PATCH", Resource: "pods", StatusCode: < 400 }).ToList();
        podPatches.Should().HaveCount(5, "each of the canary's pods once, when it became the stable").And
            .OnlyContain(e => e.Body == """{"metadata":{"labels":{"role":"stable"},"annotations":{"example.com/track":null}}}""");
        podPatches.Max(e => e.Sequence).Should().BeLessThan(ledger.Entries.Single(e => e is { Verb: "PATCH", Resource: "replicasets" }
            && e.Name!.EndsWith(h2, StringComparison.Ordinal) && e.Body!.Contains("\"template\"", StringComparison.Ordinal)).Sequence, "the pods first, the ReplicaSet's record last");

        var templatePatches = ledger.Entries.Where(e => e is { Verb: "PATCH", Resource: "replicasets", StatusCode: < 400 } && e.Body!.Contains("\"template\"", StringComparison.Ordinal)).ToList();
        templatePatches.ForEach(e => output.WriteLine($"#{e.Sequence} {e.Name} {e.Body}"));
        templatePatches.Should().HaveCount(2, "one switch on the new stable, one cleanup on the old stable");
        templatePatches.Single(e => e.Name!.EndsWith(h1, StringComparison.Ordinal)).Body.Should().Contain(RolloutAnnotations.ScaleDownDeadline,
            "the old stable's cleanup rides on the patch that sets its scale-down deadline");

        // Steady state: nothing more to write, however long we wait.
        await bed.AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5));
        var settled = ledger.Writes;
        var listed = PodLists(bed);
        await bed.AdvanceAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));
        output.WriteLine($"{ledger.Writes} writes: {ledger.Breakdown}; pod lists: {PodLists(bed)}");
        ledger.Writes.Should().Be(settled, "a settled rollout with ephemeral metadata writes nothing");
        PodLists(bed).Should().Be(listed, "nor lists pods");
        listed.Should().BeInRange(1, 3, "pods are listed only around the switch");
        ledger.Entries.Where(e => e.NoOp).Select(e => $"#{e.Sequence} {e.Verb} {e.Resource} {e.Name} {e.Body}")
            .Should().BeEmpty("a write that leaves the object as it was is a wasted request");
        ledger.CountsByResource.GetValueOrDefault("PATCH replicasets").Should().BeLessThanOrEqualTo(9, "the seed's 8 plus the one switch patch");
    }
}
