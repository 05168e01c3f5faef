using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>
/// The kubeconfig the emulator writes is loaded by KubernetesClient's own loader as it is (the operator's
/// <c>--kubeconfig</c>, the benchmarks' <c>serve-emulator</c>), not only by kubectl: KubernetesClient refuses a user
/// with no credentials (<c>user: {}</c>), so the file carries a placeholder token.
/// </summary>
public sealed class KubeconfigTests
{
    [Fact]
    public async Task KubernetesClient_loads_the_written_kubeconfig_and_reaches_the_emulator_through_it()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { SimulateReplicaSets = false });
        var dir = Directory.CreateTempSubdirectory("emulator-kubeconfig-").FullName;
        try
        {
            var path = Path.Combine(dir, "kubeconfig");
            api.WriteKubeconfig(path, defaultNamespace: "team-a");

            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);

            config.Host.Should().Be(api.BaseUrl);
            config.Namespace.Should().Be("team-a");
            config.AccessToken.Should().Be(KubeApiEmulator.PlaceholderToken);
            using var client = new Kubernetes(config);
            var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
            (await client.AppsV1.ListNamespacedDeploymentAsync("default")).Items.Select(d => d.Metadata.Name).Should().Equal("web");
            created.Metadata.Uid.Should().NotBeNullOrEmpty();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
