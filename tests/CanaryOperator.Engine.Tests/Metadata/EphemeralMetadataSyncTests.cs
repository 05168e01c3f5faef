using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Metadata;

/// <summary>
/// <see cref="EphemeralMetadataSync"/> by tables: the diff rule of Argo's <c>SyncEphemeralPodMetadata</c> (inject the
/// desired keys, remove only what was recorded as injected), the record format and the new-RS comparison helper.
/// </summary>
public sealed class EphemeralMetadataSyncTests
{
    /// <summary>"a=1,b=2" → map; "" → empty map; null → null.</summary>
    private static Dictionary<string, string>? Map(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static PodMetadata? Meta(string? labels, string? annotations = null) =>
        labels is null && annotations is null ? null : new PodMetadata { Labels = Map(labels), Annotations = Map(annotations) };

    [Theory]
    // current labels | recorded labels | desired labels | expected change
    [InlineData("app=demo", null, "role=canary", "role=canary")]
    [InlineData("app=demo,role=canary", "role=canary", "role=canary", "")]
    [InlineData("app=demo,role=canary", "role=canary", "role=stable", "role=stable")]
    [InlineData("app=demo,role=canary,canary-only=yes", "role=canary,canary-only=yes", "role=stable", "canary-only-,role=stable")]
    [InlineData("app=demo,role=canary", "role=canary", null, "role-")]
    [InlineData("app=demo,team=x", "role=canary", null, "")] // a recorded key already gone: nothing to remove
    [InlineData("app=demo,team=x", null, null, "")] // keys nobody recorded are never touched
    [InlineData(null, null, "role=canary", "role=canary")]
    public void Labels_are_injected_and_only_recorded_keys_are_removed(string? current, string? recorded, string? desired, string expected)
    {
        var change = EphemeralMetadataSync.Diff(Map(current), null, Meta(recorded), Meta(desired));

        string.Join(",", change.Labels.Select(e => e.Value is null ? $"{e.Key}-" : $"{e.Key}={e.Value}")).Should().Be(expected);
        change.Annotations.Should().BeEmpty();
        change.IsEmpty.Should().Be(expected.Length == 0);
    }

    [Fact]
    public void Annotations_follow_the_same_rule_as_labels()
    {
        var change = EphemeralMetadataSync.Diff(
            null, Map("sidecar.istio.io/inject=true,tier=canary"), Meta(null, "tier=canary"), Meta(null, "tier=stable,owner=team"));

        change.Annotations.Should().Equal(new Dictionary<string, string?> { ["owner"] = "team", ["tier"] = "stable" });
        change.Labels.Should().BeEmpty();
        change.ToString().Should().Be("labels{} annotations{owner=team,tier=stable}");
    }

    [Theory]
    [InlineData("role=canary", null, """{"labels":{"role":"canary"}}""")]
    [InlineData("z=1,a=2", "n=3", """{"labels":{"a":"2","z":"1"},"annotations":{"n":"3"}}""")]
    [InlineData(null, "n=3", """{"annotations":{"n":"3"}}""")]
    [InlineData("", "", null)]
    public void The_record_is_labels_then_annotations_with_sorted_keys(string? labels, string? annotations, string? expected)
    {
        var metadata = new PodMetadata { Labels = Map(labels), Annotations = Map(annotations) };

        EphemeralMetadataSync.Record(metadata).Should().Be(expected);
        if (expected is not null)
        {
            var parsed = EphemeralMetadataSync.Recorded(new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = expected });
            parsed!.Labels.Should().BeEquivalentTo(metadata.Labels is { Count: > 0 } ? metadata.Labels : null);
            parsed.Annotations.Should().BeEquivalentTo(metadata.Annotations is { Count: > 0 } ? metadata.Annotations : null);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"labels":{"role":1}}""")]
    [InlineData("null")]
    public void An_unreadable_record_counts_as_nothing_injected(string text) =>
        EphemeralMetadataSync.Recorded(new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = text }).Should().BeNull();

    [Fact]
    public void A_replica_set_already_carrying_its_metadata_needs_nothing()
    {
        var desired = Meta("role=canary");
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Map("app=demo,role=canary") } };
        var annotations = new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = """{"labels":{"role":"canary"}}""" };

        EphemeralMetadataSync.ForReplicaSet(template, annotations, desired).Should().BeNull();
        EphemeralMetadataSync.ForReplicaSet(template, new Dictionary<string, string>(), null).Should().BeNull("no record, nothing desired");
    }

    [Fact]
    public void A_switch_removes_the_old_keys_sets_the_new_ones_and_rewrites_the_record()
    {
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Map("app=demo,role=canary,canary-only=yes") } };
        var annotations = new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = """{"labels":{"canary-only":"yes","role":"canary"}}""" };

        var sync = EphemeralMetadataSync.ForReplicaSet(template, annotations, Meta("role=stable"))!;

        sync.Template.Labels.Should().Equal(new Dictionary<string, string?> { ["canary-only"] = null, ["role"] = "stable" });
        sync.Record.Should().Be("""{"labels":{"role":"stable"}}""");
        sync.Previous!.Labels.Should().ContainKey("canary-only");
        EphemeralMetadataSync.Apply(template.Metadata, sync.Template);
        template.Metadata.Labels.Should().Equal(Map("app=demo,role=stable"));
    }

    [Fact]
    public void A_stale_record_is_rewritten_even_when_the_template_already_matches()
    {
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Map("app=demo,role=canary") } };
        var annotations = new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = """{"labels":{"role":"canary","old":"x"}}""" };

        var sync = EphemeralMetadataSync.ForReplicaSet(template, annotations, Meta("role=canary"))!;

        sync.Template.IsEmpty.Should().BeTrue();
        sync.Record.Should().Be("""{"labels":{"role":"canary"}}""");
        EphemeralMetadataSync.ForReplicaSet(template, new Dictionary<string, string> { [RolloutAnnotations.EphemeralMetadata] = "{}" }, null)!
            .Record.Should().BeNull("an empty record is removed");
    }

    [Fact]
    public void Removing_injected_keys_keeps_those_the_rollout_template_has_itself()
    {
        var live = new V1ObjectMeta { Labels = Map("app=demo,role=canary,team=x"), Annotations = Map("note=injected") };
        var recorded = Meta("role=canary,team=x", "note=injected")!;
        var desired = new V1ObjectMeta { Labels = Map("app=demo,team=x") };

        EphemeralMetadataSync.RemoveInjected(live, recorded, desired);

        live.Labels.Should().Equal(Map("app=demo,team=x"));
        live.Annotations.Should().BeNull("the Rollout's template has no annotations");
    }
}
