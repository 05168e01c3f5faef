using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>
/// The ReplicaSet simulator's background drainer (for the benchmark's emulator process): a ReplicaSet write returns
/// while the simulator is still at work on it, and the pods follow.
/// </summary>
public sealed class BackgroundDrainTests
{
    [Fact]
    public async Task A_replicaset_create_returns_while_the_simulator_still_works_and_its_pods_follow()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false });
        api.Pods.DrainInBackground = true;
        using var held = new ManualResetEventSlim();
        // The rule is consulted while the simulator reconciles the ReplicaSet: holding it holds the drainer.
        api.Pods.AddRule(
            _ =>
            {
                held.Wait(TimeSpan.FromSeconds(30));
                return false;
            },
            Simulation.PodOutcome.ReadyAfter(TimeSpan.Zero));
        using var client = api.CreateClient();

        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("web", replicas: 3), "default");

        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().BeEmpty("the create returned before the simulator made pods");
        held.Set();
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!api.Pods.IsIdle && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(5);
        }

        api.Pods.IsIdle.Should().BeTrue();
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().HaveCount(3);
        (await client.AppsV1.ReadNamespacedReplicaSetAsync("web", "default")).Status.ReadyReplicas.Should().Be(3);
    }
}
