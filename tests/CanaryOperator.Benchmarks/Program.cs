using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CanaryOperator.Benchmarks.Planner;
using CanaryOperator.Benchmarks.Scale;

// Benchmarks entry point (issue 8). Sub-commands (see docs/benchmarks.md):
//   planner [BenchmarkDotNet args]      figure 6 (BenchmarkDotNet, short run, memory diagnoser)
//   planner-describe                    prints what each planner snapshot contains and what one pass does
//   serve-emulator --port P --kubeconfig PATH     the API emulator in its own process (driven over stdin)
//   populate --kubeconfig PATH --rollouts N       CRDs + N Rollouts with their objects, through the API
//   scale --rollouts N [--qps Q --burst B --react 1,100,1000]   emulator + population + operator as child processes; figures 1-4, 7
//   seed [--qps Q --burst B]                      API calls of one complete rollout of examples/istio-subset; figure 5
return args.FirstOrDefault() switch
{
    "planner" => RunPlanner(args[1..]),
    "planner-describe" => PlannerDescription.Print(),
    "serve-emulator" => await ServeEmulatorCommand.RunAsync(CommandArgs.Parse(args[1..])),
    "populate" => await PopulateCommand.RunAsync(CommandArgs.Parse(args[1..])),
    "scale" => await ScaleCommand.RunAsync(CommandArgs.Parse(args[1..])),
    "seed" => await SeedCommand.RunAsync(CommandArgs.Parse(args[1..])),
    _ => Usage(),
};

static int RunPlanner(string[] rest)
{
    // In-process short run: no generated project to build (a build takes minutes on the shared 2-core machine) and
    // three measured iterations are enough for a per-plan figure of microseconds.
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    BenchmarkSwitcher.FromTypes([typeof(PlannerBenchmarks)]).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CanaryOperator.Benchmarks planner|planner-describe|serve-emulator|populate|scale|seed [options]");
    return 2;
}
