using BenchmarkDotNet.Attributes;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Benchmarks.Planner;

/// <summary>Figure 6: time and bytes allocated by one <see cref="CanaryPlanner.Plan"/> call.</summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private ClusterSnapshot _simple = null!;
    private ClusterSnapshot _complex = null!;

    [GlobalSetup]
    public void Setup()
    {
        _simple = BenchmarkSnapshots.Simple();
        _complex = BenchmarkSnapshots.Complex();
    }

    /// <summary>The seed Rollout paused at <c>pause: {}</c>: the steady pass (no actions).</summary>
    [Benchmark(Baseline = true)]
    public Plan SeedRolloutPaused() => CanaryPlanner.Plan(_simple);

    /// <summary>Two VirtualServices (http + tls), setCanaryScale, dynamicStableScale, 5 old ReplicaSets, HPA-changed replicas: a rescaling pass.</summary>
    [Benchmark]
    public Plan ComplexRolloutRescaled() => CanaryPlanner.Plan(_complex);
}
