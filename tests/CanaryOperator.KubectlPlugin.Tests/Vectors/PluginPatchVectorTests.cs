using System.Text.Json.Nodes;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Engine.Commands;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Vectors;

/// <summary>
/// Every vector of <c>kubectl_plugin_patches.json</c> run through the plugin against the emulator: the PATCH requests
/// the client really sent (target, content type, exact body, order), the printed line or error, and the stored result.
/// </summary>
public sealed class PluginPatchVectorTests
{
    /// <summary>Vectors the plugin deliberately does not run, with the reason.</summary>
    private static readonly Dictionary<string, string> KnownDeviations = new()
    {
        ["undo [--to-revision N]"] = "its body is a placeholder for a ReplicaSet's template, so it needs a revision history: Commands/UndoCommandTests sends it against the emulator with the exact body, to the Rollout and to a workloadRef Deployment",
    };

    public static TheoryData<string> VectorNames => [.. PluginPatchVector.Names];

    [Fact]
    public void The_known_deviations_are_exactly_the_vectors_run_by_their_own_tests()
    {
        var skipped = PluginPatchVector.Names.Where(n => !PluginPatchVector.Named(n).CommandTokens.Any(t => t is "promote" or "abort" or "retry" or "restart" or "pause")).ToList();
        skipped.Should().BeEquivalentTo(KnownDeviations.Keys);
        PluginPatchVector.Names.Should().HaveCount(20);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task Plugin_sends_the_vector_patches(string name)
    {
        var vector = PluginPatchVector.Named(name);
        if (KnownDeviations.ContainsKey(name))
        {
            // Listed and asserted above; nothing is sent for it here.
            return;
        }

        await using var harness = await PluginHarness.StartAsync();
        if (vector.RolloutExists)
        {
            await harness.CreateRolloutAsync(VectorRollout.From(vector.Input), VectorRollout.Status(vector.Input));
        }

        var args = vector.Arguments();
        TimeSpan? delay = vector.CommandTokens.Contains("restart") ? TimeSpan.FromSeconds(10) : null;
        if (delay is not null)
        {
            args.AddRange(["--in", "10s"]);
        }

        harness.Recorder.Clear();
        harness.Api.Audit.Clear();
        var run = await harness.RunAsync([.. args]);

        var expected = vector.Expected;
        if (expected["error"] is { } error)
        {
            run.ExitCode.Should().NotBe(0, run.ToString());
            run.Error.Should().Contain(error.GetValue<string>());
            harness.Recorder.Patches.Should().BeEmpty();
            return;
        }

        run.ExitCode.Should().Be(0, run.ToString());
        if (expected["output"] is { } output)
        {
            run.Output.TrimEnd('\n').Should().Be(output.GetValue<string>());
        }

        var sent = harness.Recorder.Patches;
        var patches = expected["patches"]!.AsArray();
        sent.Should().HaveCount(patches.Count, string.Join("\n", sent));
        for (var i = 0; i < patches.Count; i++)
        {
            var want = patches[i]!;
            var got = sent[i];
            got.IsStatusSubresource.Should().Be(want["target"]!.GetValue<string>().StartsWith("status subresource", StringComparison.Ordinal), got.Path);
            got.Path.Should().StartWith($"/apis/argoproj.io/v1alpha1/namespaces/{PluginHarness.Ns}/rollouts/{PluginPatchVector.RolloutName}");
            got.ContentType.Should().Be(want["contentType"]?.GetValue<string>() ?? RolloutPatchRequest.MergePatch);
            var body = want["body"]!.GetValue<string>();
            if (delay is not null)
            {
                // Argo sends this one pretty-printed; the vector fixes its content, which we compare as JSON.
                var at = Rfc3339Time.ToText(harness.Clock.GetUtcNow() + delay.Value);
                JsonNode.DeepEquals(JsonNode.Parse(got.Body), JsonNode.Parse(body.Replace("<now+in, RFC3339 UTC>", at, StringComparison.Ordinal))).Should().BeTrue(got.Body);
            }
            else
            {
                got.Body.Should().Be(body);
            }
        }

        harness.Api.Audit.Entries.Where(e => e.Verb == "patch").Select(e => e.StatusCode).Should().Equal(Enumerable.Repeat(200, patches.Count));
        VectorRollout.AssertResult(harness.Stored(PluginPatchVector.RolloutName), expected);
    }
}
