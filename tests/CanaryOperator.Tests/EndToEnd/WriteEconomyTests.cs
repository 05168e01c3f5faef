using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// The seed rollout (blue → red, promote, old ReplicaSet scaled down) writes nothing that changes nothing, records no
/// Event twice for one transition (RolloutPaused / RolloutResumed exactly once per pause step), and stays within a
/// write budget per verb and resource.
/// </summary>
public sealed class WriteEconomyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The budget, per verb and resource, for the seed rollout (two revisions, 8 steps). Before the status coalescing
    /// the same run made 88 writes (status 32, Events 35). The hand count of the minimum:
    /// <list type="bullet">
    /// <item>ReplicaSets: create revision 1 and 2 (2 POSTs); scale revision 1 0→5, the canary to 1, 2, 3, 4, 5, the
    /// scale-down-deadline annotation on the old stable and its scale to 0 after the delay (8 PATCHes — the deadline
    /// must be in the cluster for the 30 s in between, so it cannot share a patch with the scale).</item>
    /// <item>VirtualService: 20, 40, 60, 80, 100, then 0 once the DestinationRule's stable subset names the new hash
    /// (6). DestinationRule: adopt (both subsets), canary subset, stable subset (3). Rollout: the revision annotation
    /// per revision (2).</item>
    /// <item>Status: one patch per state the operator must remember before its next write: revision 1 adopted, scaled
    /// and Healthy (2 + 1 when its pods are available), revision 2 reset, each pause entered (4) and left (4), the
    /// canary hash recorded before the first weight, the promotion and the weights after it, the final counts (about 15);
    /// a pod becoming ready between two of our passes can add one, hence the slack of 2.</item>
    /// <item>Events: one per ReplicaSet created (2) and scaled (7), per DestinationRule update (3), per VirtualService
    /// weight (5 + 1) and traffic weight change (5 + 1), per step completed (8, the last one is RolloutCompleted) and
    /// per completed revision (2), per pause entered (4) and left (4).</item>
    /// </list>
    /// </summary>
    private static readonly Dictionary<string, int> Budget = new(StringComparer.Ordinal)
    {
        ["POST replicasets"] = 2,
        ["PATCH replicasets"] = 8,
        ["PATCH virtualservices"] = 6,
        ["PATCH destinationrules"] = 3,
        ["PATCH rollouts"] = 2,
        ["PATCH rollouts/status"] = 19,
        ["POST events"] = 42,
    };

    [Fact]
    public async Task Seed_rollout_makes_no_write_that_changes_nothing_and_stays_within_the_budget()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(SeedScenario.Load().Yaml);
        var ledger = new WriteLedger(bed.Emulator);
        await bed.StartOperatorAsync(intercept: ledger);
        await SeedScripts.BlueToRed().RunAsync(bed);
        await bed.AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5));

        output.WriteLine($"{ledger.Writes} writes: {ledger.Breakdown}");
        ledger.Entries.Where(e => e.NoOp).Select(e => $"#{e.Sequence} {e.Verb} {e.Resource} {e.Name} {e.Body}")
            .Should().BeEmpty("a write that leaves the object as it was is a wasted request");
        // A write guarded by the Rollout's resourceVersion fails with a 409 when a pass plans from a Rollout read before
        // the caches had caught up with the previous pass's writes (the controller reads it after that check).
        ledger.Entries.Where(e => e.StatusCode >= 400).Select(e => $"#{e.Sequence} {e.StatusCode} {e.Verb} {e.Resource} {e.Body}")
            .Should().BeEmpty("nothing fails in a run without faults");

        var events = ledger.Entries.Where(e => e is { Verb: "POST", Resource: "events" })
            .Select(e => JsonNode.Parse(e.Body!)!).Select(e => $"{e["reason"]}: {e["note"]}").ToList();
        events.GroupBy(e => e, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
            .Should().BeEmpty("each transition is recorded once");
        events.Should().NotContain(e => e.Contains("Traffic weight updated from 0 to 0", StringComparison.Ordinal));

        // The seed's four pause steps (pause: {} promoted by the user, then three of 10 s): each pause and each resume
        // is recorded exactly once, in turn.
        var pauseSteps = SeedScenario.Load().Yaml.Split('\n').Count(l => l.TrimStart().StartsWith("- pause:", StringComparison.Ordinal));
        var flips = events.Where(e => e.StartsWith("RolloutPaused:", StringComparison.Ordinal) || e.StartsWith("RolloutResumed:", StringComparison.Ordinal))
            .Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ToList();
        pauseSteps.Should().Be(4);
        flips.Should().Equal(Enumerable.Repeat(new[] { "RolloutPaused", "RolloutResumed" }, pauseSteps).SelectMany(p => p),
            "one RolloutPaused when each pause step begins and one RolloutResumed when it ends");

        var counts = ledger.CountsByResource;
        counts.Keys.Should().BeSubsetOf(Budget.Keys, "the seed rollout writes no other resource");
        foreach (var (resource, limit) in Budget)
        {
            counts.GetValueOrDefault(resource).Should().BeLessThanOrEqualTo(limit, resource);
        }

        SeedScripts.Weights(bed).Should().Be((100, 0));
    }
}
