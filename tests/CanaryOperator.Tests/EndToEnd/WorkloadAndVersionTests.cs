using CanaryOperator.Api.Rollouts;
using CanaryOperator.Hosting;
using FluentAssertions;
using k8s;
using Xunit;
using Xunit.Abstractions;
using static CanaryOperator.Tests.EndToEnd.SeedScenario;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>workloadRef.scaleDown through the DeploymentScaler, the Istio API version flag, and the Events a rollout records.</summary>
public sealed class WorkloadAndVersionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("onsuccess", 0)]
    [InlineData("progressively", 0)]
    [InlineData("never", 3)]
    public async Task WorkloadRef_scaleDown_shrinks_the_deployment_by_mode(string mode, int expected)
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync((Fallback + "\n")
            .Replace("spec:\n  replicas: 0", "spec:\n  replicas: 3", StringComparison.Ordinal)
            .Replace("    name: rollouts-demo-deployment\n", $"    name: rollouts-demo-deployment\n    scaleDown: {mode}\n", StringComparison.Ordinal));
        bed.Deployment(Namespace, Deployment)!["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        await bed.StartOperatorAsync();
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy, TimeSpan.FromMinutes(1), "Healthy");
        await bed.AdvanceAsync(TimeSpan.FromSeconds(10));
        bed.Deployment(Namespace, Deployment)!["spec"]!["replicas"]!.GetValue<int>().Should().Be(expected);
    }

    [Theory]
    [InlineData("v1beta1")]
    [InlineData("v1")]
    public async Task The_operator_watches_and_patches_the_configured_Istio_version(string version)
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Fallback.Replace("networking.istio.io/v1alpha3", $"networking.istio.io/{version}", StringComparison.Ordinal));
        await bed.StartOperatorAsync(new OperatorOptions { IstioApiVersion = version });
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Healthy
                                      && IstioState.SubsetHash(bed.DestinationRule(Namespace, DestinationRule), "stable") is not null, TimeSpan.FromMinutes(1), "Healthy");
        await bed.SetDeploymentImageAsync(Namespace, Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => bed.Phase(Namespace, RolloutName) == RolloutPhases.Paused, TimeSpan.FromMinutes(1), "Paused");
        SeedScripts.Weights(bed).Should().Be((80, 20));
        bed.Emulator.Audit.Entries.Where(e => e.IsWrite && e.Resource is "virtualservices" or "destinationrules")
            .Should().NotBeEmpty().And.OnlyContain(e => e.Path.Contains($"/networking.istio.io/{version}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_records_events_with_Argo_reasons()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Load().Yaml);
        await bed.StartOperatorAsync();
        await SeedScripts.BlueToRed().RunAsync(bed);
        var reasons = (await bed.Client.EventsV1.ListNamespacedEventAsync(Namespace)).Items
            .Where(e => e.Regarding.Name == RolloutName).Select(e => e.Reason).ToList();
        output.WriteLine(string.Join(", ", reasons));
        reasons.Should().NotBeEmpty().And.OnlyContain(r => typeof(Engine.Planning.EventReasons).GetFields().Any(f => (string?)f.GetValue(null) == r));
    }
}
