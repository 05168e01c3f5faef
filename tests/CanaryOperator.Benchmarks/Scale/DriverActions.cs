using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>What the driver does to the cluster as a user would: change images, promote, and wait for a state.</summary>
internal static class DriverActions
{
    /// <summary>Sets the container image of the given Rollouts' Deployments (the Rollouts' pod templates), in parallel.</summary>
    public static Task SetImagesAsync(IKubernetes client, IEnumerable<int> indices, string image, int parallelism) =>
        Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var patch = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":""" + JsonSerializer.Serialize(image) + "}]}}}}", V1Patch.PatchType.StrategicMergePatch);
            await client.AppsV1.PatchNamespacedDeploymentAsync(patch, Population.Name, Population.Namespace(i), cancellationToken: ct).ConfigureAwait(false);
        });

    /// <summary>
    /// <c>kubectl argo rollouts promote --full</c> on every Rollout whose canary is in progress, as the emulator
    /// reports them (each once), until <paramref name="done"/> holds.
    /// </summary>
    public static async Task PromoteFullUntilAsync(IKubernetes client, EmulatorProcess emulator, Func<ClusterState, bool> done, int revisions, OperatorProcess operatorProcess, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await ClusterState.ReadAsync(emulator, revisions).ConfigureAwait(false)))
        {
            var keys = await emulator.CommandAsync("to-promote").ConfigureAwait(false);
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
            {
                var parts = key.Split('/');
                var patch = new V1Patch("""{"status":{"promoteFull":true}}""", V1Patch.PatchType.MergePatch);
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, "argoproj.io", "v1alpha1", parts[0], "rollouts", parts[1], cancellationToken: ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            Check(operatorProcess, clock, timeout);
            await Task.Delay(keys.Count > 0 ? 100 : 1000).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (cheap: one stdin command or one HTTP GET) every <paramref name="interval"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, OperatorProcess operatorProcess, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            Check(operatorProcess, clock, timeout);
            await Task.Delay(interval).ConfigureAwait(false);
        }
    }

    private static void Check(OperatorProcess operatorProcess, Stopwatch clock, TimeSpan timeout)
    {
        if (operatorProcess.HasExited)
        {
            throw new InvalidOperationException("the operator exited; see its log in the work folder");
        }

        if (clock.Elapsed > timeout)
        {
            throw new TimeoutException($"condition not reached within {timeout}");
        }
    }
}
