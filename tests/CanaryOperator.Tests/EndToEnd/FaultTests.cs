using CanaryOperator.Emulator.Diagnostics;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// 10 % of all writes fail (409, 500, 504 after a delay) and watches are dropped at random: every end-to-end scenario
/// still converges to the state of its fault-free run, with VirtualService weights summing to 100 throughout. Prints how
/// many API writes the operator needed with and without faults (the table in docs/operator-writes.md).
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => new(FaultScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_converges_with_failing_writes_and_dropped_watches(string name)
    {
        var scenario = FaultScenarios.Named(name);

        // Both runs have their own emulator and virtual clock and mostly wait for settling: run them side by side.
        var runs = await Task.WhenAll(RunAsync(scenario, faults: false), RunAsync(scenario, faults: true));
        var (clean, faulty) = (runs[0], runs[1]);
        output.WriteLine($"{name} without faults: {clean.Writes} writes = {clean.Breakdown}");
        output.WriteLine($"{name} with faults: {faulty.Writes} writes = {faulty.Breakdown}");
        output.WriteLine($"| {name} | {clean.Writes} | {faulty.Writes} | {faulty.Injected} | {faulty.Drops} |");
        faulty.State.Should().Be(clean.State);
    }

    private static async Task<RunResult> RunAsync(FaultScenario scenario, bool faults)
    {
        await using var bed = await Testbed.StartAsync(overHttp: false, simulateHpa: scenario.SimulateHpa);
        await scenario.Apply(bed);
        using var weights = scenario.VirtualService is { } vs ? new WeightRecorder(bed, scenario.Namespace, vs, scenario.Route, scenario.CanaryKey) : null;
        var counter = new WriteCounter();
        await bed.StartOperatorAsync(intercept: counter);
        if (faults)
        {
            foreach (var verb in new[] { "create", "patch", "update", "delete" })
            {
                bed.Emulator.Faults.Add(new FaultRule { Verb = verb, StatusCode = 409, Probability = 0.035 });
                bed.Emulator.Faults.Add(new FaultRule { Verb = verb, StatusCode = 500, Probability = 0.035 });
                bed.Emulator.Faults.Add(new FaultRule { Verb = verb, Kind = FaultKind.Timeout, Delay = TimeSpan.FromMilliseconds(20), Probability = 0.03 });
            }
        }

        var random = new Random(7);
        var drops = 0;
        await scenario.Script().RunAsync(bed, () =>
        {
            if (faults && random.NextDouble() < 0.1)
            {
                drops++;
                bed.Emulator.Faults.DropWatches();
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMinutes(10));

        var injected = bed.Emulator.Faults.Injected;
        bed.Emulator.Faults.Clear();
        // Trailing work (scale-down deadlines, history pruning) may have been pushed back by failed writes and their
        // backoff; two minutes of virtual time cover it in both runs (the fault-free state does not change after 40 s).
        await bed.AdvanceAsync(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(5));
        weights?.Violations.Should().BeEmpty("VirtualService weights must always sum to 100");
        return new RunResult(FaultScenarios.Fingerprint(bed, scenario), counter.Writes, counter.Breakdown, injected, drops);
    }

    private sealed record RunResult(string State, int Writes, string Breakdown, int Injected, int Drops);
}
