using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Kill the operator right after its k-th API write, for every k (in process) and every 4th k (over HTTP), start a fresh
/// one: every run must reach the same final state, and no stored version of the VirtualService may have weights not
/// summing to 100.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Seed_scenario_converges_to_the_same_state_whatever_write_the_operator_dies_after()
    {
        var (reference, totalWrites) = await RunAsync(budget: null, overHttp: false);
        output.WriteLine($"reference run: {totalWrites} operator writes; final {reference}");
        totalWrites.Should().BeGreaterThan(5);
        await SweepAsync(reference, Enumerable.Range(1, totalWrites).ToList(), overHttp: false);
    }

    /// <summary>
    /// The same over HTTP: the operator's KubernetesClient talks to the emulator's Kestrel endpoint, so a crash also
    /// cuts real connections and watch streams. Every 4th crash point (and the last), to keep the sweep near 30 s.
    /// </summary>
    [Fact]
    public async Task Over_http_the_seed_scenario_converges_to_the_same_state_at_every_fourth_crash_point()
    {
        var (reference, totalWrites) = await RunAsync(budget: null, overHttp: true);
        output.WriteLine($"reference run over HTTP: {totalWrites} operator writes; final {reference}");
        totalWrites.Should().BeGreaterThan(5);
        var points = Enumerable.Range(1, totalWrites).Where(k => k % 4 == 1 || k == totalWrites).ToList();
        await SweepAsync(reference, points, overHttp: true);
    }

    private async Task SweepAsync(string reference, IReadOnlyList<int> points, bool overHttp)
    {
        // Each crash point is an independent testbed on its own virtual clock and mostly waits for settling, so the
        // points run side by side; that keeps the whole sweep to about a tenth of its sequential wall time.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            points,
            new ParallelOptions { MaxDegreeOfParallelism = 10 },
            async (k, _) =>
            {
                try
                {
                    var (state, _) = await RunAsync(budget: k, overHttp);
                    if (state != reference)
                    {
                        failures.Add($"k={k}: {state}");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"k={k}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                }
            });

        output.WriteLine($"crash points tried: {points.Count}; failures: {failures.Count}");
        failures.Should().BeEmpty();
    }

    private static async Task<(string State, int Writes)> RunAsync(int? budget, bool overHttp)
    {
        await using var bed = await Testbed.StartAsync(overHttp);
        await bed.ApplyAsync(SeedScenario.Load().Yaml);
        using var weights = new WeightRecorder(bed, SeedScenario.Namespace, SeedScenario.VirtualService, SeedScenario.Route, "canary");
        DelegatingHandler first = budget is { } b ? new WriteBudgetHandler(b) : new WriteCounter();
        var op = await bed.StartOperatorAsync(intercept: first, overHttp: overHttp);
        var restarted = false;
        await SeedScripts.BlueToRed().RunAsync(bed, async () =>
        {
            if (!restarted && first is WriteBudgetHandler { Spent: true })
            {
                restarted = true;
                await bed.StopOperatorAsync(op);
                op = await bed.StartOperatorAsync(overHttp: overHttp);
            }
        });

        // Let any trailing work (history pruning, deadlines) finish before comparing.
        await bed.AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5));
        weights.Violations.Should().BeEmpty("VirtualService weights must always sum to 100");
        var writes = first is WriteCounter counter ? counter.Writes : ((WriteBudgetHandler)first).Writes;
        return (SeedScripts.Fingerprint(bed), writes);
    }
}
