namespace CanaryOperator.Benchmarks.Scale;

/// <summary><c>populate --kubeconfig PATH --rollouts N [--parallelism 16]</c>: the CRDs and N fresh Rollouts (not settled).</summary>
internal static class PopulateCommand
{
    public static async Task<int> RunAsync(CommandArgs args)
    {
        using var client = BenchClient.Create(args.Require("kubeconfig"));
        var rollouts = args.Int("rollouts", 100);
        await Population.CreateCrdsAsync(client).ConfigureAwait(false);
        var elapsed = await Population.CreateAsync(client, rollouts, args.Int("parallelism", 16)).ConfigureAwait(false);
        Console.WriteLine($"populated {rollouts} rollouts in {elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
