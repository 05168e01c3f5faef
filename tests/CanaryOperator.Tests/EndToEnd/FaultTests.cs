using CanaryOperator.Emulator.Diagnostics;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// 10 % of all writes fail (409, 500, 504 after a delay) and watches are dropped at random: the scenarios still
/// converge. Prints how many API writes the operator needed with and without faults.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => new() { "blue-to-red", "abort-retry" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_converges_with_failing_writes_and_dropped_watches(string scenario)
    {
        var clean = await RunAsync(scenario, faults: false);
        var faulty = await RunAsync(scenario, faults: true);
        output.WriteLine($"{scenario}: operator writes without faults {clean.Writes}, with faults {faulty.Writes} " +
                         $"({faulty.Injected} injected faults, {faulty.Drops} watch drops)");
        faulty.State.Should().Be(clean.State);
    }

    private async Task<(string State, int Writes, int Injected, int Drops)> RunAsync(string scenario, bool faults)
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(SeedScenario.Load().Yaml);
        using var weights = new WeightRecorder(bed, SeedScenario.Namespace, SeedScenario.VirtualService, SeedScenario.Route, "canary");
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
        var script = scenario == "blue-to-red" ? SeedScripts.BlueToRed() : SeedScripts.AbortAndRetry();
        await script.RunAsync(bed, () =>
        {
            if (faults && random.NextDouble() < 0.1)
            {
                drops++;
                bed.Emulator.Faults.DropWatches();
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMinutes(10));

        bed.Emulator.Faults.Clear();
        await bed.AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5));
        weights.Violations.Should().BeEmpty();
        output.WriteLine($"{scenario} (faults: {faults}): {counter.Writes} writes = {counter.Breakdown}");
        return (SeedScripts.Fingerprint(bed), counter.Writes, bed.Emulator.Faults.Injected, drops);
    }
}
