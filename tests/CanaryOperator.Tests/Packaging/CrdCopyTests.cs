using System.Text.Json.Nodes;
using CanaryOperator.TestSupport;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The chart installs the CRDs from its copy of <c>crds/</c> (Helm cannot read outside the chart folder);
/// the copy must be byte-equal, and what the chart renders must be the same object plus its labels and the
/// optional keep annotation. The chart renders no Rollout objects, so there is nothing of our CRD kinds to
/// validate against the CRD schema here.
/// </summary>
public sealed class CrdCopyTests
{
    private static string SourceDir => RepoPaths.InRepo("crds");

    private static string ChartCopyDir => Path.Combine(HelmChart.Directory, "crds-source");

    [Fact]
    public void Chart_copy_holds_exactly_the_files_of_crds_folder()
    {
        var source = Directory.GetFiles(SourceDir, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var copy = Directory.GetFiles(ChartCopyDir, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        source.Should().NotBeEmpty().And.Contain("rollouts.argoproj.io.yaml");
        copy.Should().Equal(source, "run deploy/generate.sh after changing crds/");
    }

    [Fact]
    public void Chart_copy_is_byte_equal_to_crds_folder()
    {
        foreach (var file in Directory.GetFiles(SourceDir, "*.yaml"))
        {
            var copy = Path.Combine(ChartCopyDir, Path.GetFileName(file));
            File.Exists(copy).Should().BeTrue($"{copy} is missing: run deploy/generate.sh");
            File.ReadAllBytes(copy).Should().Equal(File.ReadAllBytes(file), $"{Path.GetFileName(file)} differs from crds/: run deploy/generate.sh");
        }
    }

    [Fact]
    public void Rendered_crds_are_the_source_objects_plus_chart_labels_and_keep_annotation()
    {
        var rendered = HelmChart.Render().OfKind("CustomResourceDefinition").ToDictionary(d => d.Name());
        var sources = Directory.GetFiles(SourceDir, "*.yaml")
            .SelectMany(f => Manifests.Parse(File.ReadAllText(f)))
            .ToList();

        rendered.Keys.Should().BeEquivalentTo(sources.Select(s => s.Name()));
        foreach (var source in sources)
        {
            var output = (JsonObject)rendered[source.Name()].DeepClone();
            var meta = (JsonObject)output["metadata"]!;
            meta["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>().Should().Be("keep");
            meta["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>().Should().Be("Helm");

            StripChartMetadata(meta, source);
            JsonNode.DeepEquals(output, source).Should().BeTrue(
                $"the rendered {source.Name()} must equal crds/ apart from the chart's labels and annotation");
        }
    }

    [Fact]
    public void Keep_annotation_follows_crds_keep()
    {
        var crd = HelmChart.Render("--set", "crds.keep=false").Single("CustomResourceDefinition");

        crd["metadata"]!["annotations"]?["helm.sh/resource-policy"].Should().BeNull();
    }

    [Fact]
    public void Crds_install_false_renders_no_crd()
    {
        HelmChart.RenderValuesSet("ci/crds-off-values.yaml").OfKind("CustomResourceDefinition").Should().BeEmpty();
    }

    private static void StripChartMetadata(JsonObject meta, JsonObject source)
    {
        var sourceMeta = (JsonObject)source["metadata"]!;
        foreach (var section in new[] { "labels", "annotations" })
        {
            if (meta[section] is not JsonObject added)
            {
                continue;
            }

            var original = sourceMeta[section] as JsonObject;
            foreach (var key in added.Select(kv => kv.Key).ToList())
            {
                if (original?.ContainsKey(key) != true)
                {
                    key.Should().Match(k => k.StartsWith("app.kubernetes.io/", StringComparison.Ordinal) ||
                                            k.StartsWith("helm.sh/", StringComparison.Ordinal),
                        "the chart only adds its own labels and the keep annotation");
                    added.Remove(key);
                }
            }

            if (added.Count == 0 && original is null)
            {
                meta.Remove(section);
            }
        }
    }
}
