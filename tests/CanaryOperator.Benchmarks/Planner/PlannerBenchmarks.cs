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
    private ClusterSnapshot _simpleMemoised = null!;

    [GlobalSetup]
    public void Setup()
    {
        _simple = BenchmarkSnapshots.Simple();
        _complex = BenchmarkSnapshots.Complex();

        // As the operator plans: its snapshots carry a hash memo, so the pod-template and steps hashes of an unchanged
        // cached object are computed once, not every pass (one warm-up plan fills it).
        _simpleMemoised = _simple with { Hashes = new Engine.Hashing.SpecHashMemo() };
        CanaryPlanner.Plan(_simpleMemoised);
    }

    /// <summary>The seed Rollout paused at <c>pause: {}</c>: the steady pass (no actions).</summary>
    [Benchmark(Baseline = true)]
    public Plan SeedRolloutPaused() => CanaryPlanner.Plan(_simple);

    /// <summary>The same steady pass with the operator's hash memo (pod-template and steps hashes remembered).</summary>
    [Benchmark]
    public Plan SeedRolloutPausedMemoised() => CanaryPlanner.Plan(_simpleMemoised);

    /// <summary>Two VirtualServices (http + tls), setCanaryScale, dynamicStableScale, 5 old ReplicaSets, HPA-changed replicas: a rescaling pass.</summary>
    [Benchmark]
    public Plan ComplexRolloutRescaled() => CanaryPlanner.Plan(_complex);
}
