using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryOperator.Simulation;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary>
/// <c>simulate</c> end to end: the real operator against the in-process emulator on a virtual clock, driven by the
/// repository's examples (the README's first command).
/// </summary>
public sealed class SimulatorTests
{
    private static readonly string IstioSubset = RepoPaths.InRepo("examples", "istio-subset");

    [Fact]
    public async Task Seed_rollout_walks_every_weight_and_promotes()
    {
        var report = await Simulator.RunAsync(new SimulationOptions { Paths = [IstioSubset] });

        report.Summary.Outcome.Should().Be("Healthy");
        report.Update.Should().Contain("argoproj/rollouts-demo:blue → argoproj/rollouts-demo:red");
        var canaryWeights = report.Timeline
            .Select(r => r.Routes.Single(x => x.Route == "route-one").Destinations.Single(d => d.Destination == "canary").Weight)
            .ToList();
        canaryWeights.Distinct().Should().ContainInOrder(0, 20, 40, 60, 80);
        canaryWeights[^1].Should().Be(0, "after promotion the VirtualService sends everything to the stable subset again");

        var first = report.Timeline[0];
        var last = report.Timeline[^1];
        last.Subsets["stable"].Should().Be(last.Subsets["canary"], "both subsets point at the promoted ReplicaSet");
        last.Subsets["stable"].Should().NotBe(first.Subsets["stable"], "the new revision became stable");
        last.Stable!.Desired.Should().Be(5);
        report.Timeline.Should().Contain(r => r.Phase == "Paused" && r.Step == "pause");
        report.Timeline.Should().Contain(r => r.Gesture != null && r.Gesture.StartsWith("promote", StringComparison.Ordinal));
        report.Summary.ApiWrites.Should().BeGreaterThan(0);
        report.Summary.PodSeconds.Should().BeLessThan(report.Summary.BlueGreenPodSeconds, "a canary never needs 200 % of the pods");
        report.Notes.Should().Contain(n => n.Contains("Gateway", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Abort_sends_all_traffic_back_to_stable_and_ends_degraded()
    {
        var report = await Simulator.RunAsync(new SimulationOptions { Paths = [IstioSubset], AbortAtStep = 2 });

        report.Summary.Outcome.Should().Be("Degraded");
        report.Timeline.Should().Contain(r => r.Gesture != null && r.Gesture.StartsWith("abort", StringComparison.Ordinal));
        var last = report.Timeline[^1];
        last.Routes.Single().Destinations.Single(d => d.Destination == "canary").Weight.Should().Be(0);
        last.Canary.Should().NotBeNull();
        last.Canary!.Desired.Should().Be(0, "the canary is scaled down after abortScaleDownDelaySeconds");
    }

    [Fact]
    public async Task Invalid_rollout_reports_the_operators_InvalidSpec_message()
    {
        using var dir = CopyOfExample();
        var rolloutFile = Directory.GetFiles(dir.Path).Single(f => Regex.IsMatch(File.ReadAllText(f), @"^kind: Rollout\s*$", RegexOptions.Multiline));
        File.WriteAllText(rolloutFile, File.ReadAllText(rolloutFile).Replace("setWeight: 20", "setWeight: 101", StringComparison.Ordinal));

        var act = () => Simulator.RunAsync(new SimulationOptions { Paths = [dir.Path] });

        (await act.Should().ThrowAsync<SimulationException>()).Which.Message
            .Should().Contain("InvalidSpec").And.Contain("setWeight").And.Contain("101");
    }

    [Fact]
    public async Task Bad_yaml_names_the_file_and_line()
    {
        using var dir = CopyOfExample();
        var broken = Path.Combine(dir.Path, "99-broken.yaml");
        File.WriteAllText(broken, "apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n");

        var act = () => Simulator.RunAsync(new SimulationOptions { Paths = [dir.Path] });

        (await act.Should().ThrowAsync<ManifestException>()).Which.Message.Should().Contain("99-broken.yaml").And.Contain("line");
    }

    [Fact]
    public async Task Missing_name_names_the_document_and_field()
    {
        using var dir = CopyOfExample();
        File.WriteAllText(Path.Combine(dir.Path, "99-noname.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\n");

        var act = () => Simulator.RunAsync(new SimulationOptions { Paths = [dir.Path] });

        (await act.Should().ThrowAsync<ManifestException>()).Which.Message.Should().Contain("99-noname.yaml (document 1)").And.Contain("metadata.name");
    }

    [Fact]
    public void Json_and_yaml_outputs_carry_the_timeline()
    {
        var report = new SimulationReport
        {
            Rollout = "r",
            Namespace = "ns",
            Update = "app: a:1 → a:2",
            Notes = ["n: with colon"],
            Timeline = [new TimelineRow { Time = 3, StepIndex = 1, StepCount = 2, Step = "pause", Phase = "Paused", Routes = [new RouteWeights("vs", "primary", [new DestinationWeight("stable", 80), new DestinationWeight("canary", 20)])] }],
            Summary = new SimulationSummary { Outcome = "Healthy", ApiWrites = 7 },
        };

        var json = JsonNode.Parse(ReportWriter.Render(report, "json"))!;
        json["timeline"]![0]!["routes"]![0]!["destinations"]![1]!["weight"]!.GetValue<int>().Should().Be(20);
        json["summary"]!["apiWrites"]!.GetValue<int>().Should().Be(7);

        var yaml = ReportWriter.Render(report, "yaml");
        var back = CanaryOperator.Api.Serialization.YamlDocuments.Parse(yaml).Single();
        JsonNode.DeepEquals(back, json).Should().BeTrue($"the YAML output reads back as the JSON output:\n{yaml}");
    }

    [Theory]
    [InlineData("argoproj/rollouts-demo:blue", "argoproj/rollouts-demo:red")]
    [InlineData("argoproj/rollouts-demo:purple", "argoproj/rollouts-demo:blue")]
    [InlineData("nginx:1.19-alpine", "nginx:next")]
    [InlineData("registry:5000/app", "registry:5000/app:next")]
    public void Default_update_changes_the_tag(string image, string expected) =>
        Simulator.NextImage(image).Should().Be(expected);

    private static TempDir CopyOfExample()
    {
        var dir = new TempDir();
        foreach (var f in Directory.GetFiles(IstioSubset, "*.yaml"))
        {
            File.Copy(f, Path.Combine(dir.Path, Path.GetFileName(f)));
        }

        return dir;
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("simulate-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
