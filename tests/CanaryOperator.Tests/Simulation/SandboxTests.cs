using CanaryOperator.Cli;
using CanaryOperator.Emulator;
using CanaryOperator.Simulation;
using CanaryOperator.TestSupport;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary>
/// <c>canary-operator sandbox</c>, followed the way the README's walkthrough does: the REAL kubectl, through the kubeconfig
/// the sandbox writes, against the emulator with the operator inside, on a clock running 60× faster.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private const string Ns = "istio-argo-rollouts";
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-").FullName;
    private readonly StringWriter _log = new();

    [KubectlFact]
    public async Task Article_walkthrough_with_kubectl_apply_set_image_and_a_status_patch_promotes_the_canary()
    {
        await using var sandbox = await StartAsync();

        Kubectl("apply", "-f", RepoPaths.InRepo("examples", "istio-subset") + "/").Should().Contain("rollout.argoproj.io/rollouts-demo created");
        Kubectl("wait", "--for=jsonpath={.status.phase}=Healthy", "rollout/rollouts-demo", "-n", Ns, "--timeout=120s");
        var firstStable = Kubectl("get", "rollout", "rollouts-demo", "-n", Ns, "-o", "jsonpath={.status.stableRS}");

        Kubectl("set", "image", "deployment/rollouts-demo-deployment", "rollouts-demo=argoproj/rollouts-demo:red", "-n", Ns);
        await UntilAsync(() => Weights() == "80 20", "the VirtualService moves to stable 80 / canary 20");
        Kubectl("wait", "--for=jsonpath={.status.phase}=Paused", "rollout/rollouts-demo", "-n", Ns, "--timeout=120s");
        var canary = Kubectl("get", "rollout", "rollouts-demo", "-n", Ns, "-o", "jsonpath={.status.currentPodHash}");
        canary.Should().NotBe(firstStable);
        Kubectl("get", "dr", "rollout-destrule", "-n", Ns, "-o", "jsonpath={.spec.subsets[?(@.name==\"canary\")].labels.rollouts-pod-template-hash}")
            .Should().Be(canary, "the canary subset selects the new pods");

        Kubectl("patch", "rollout", "rollouts-demo", "-n", Ns, "--subresource", "status", "--type", "merge", "-p", """{"status":{"pauseConditions":null}}""");

        await UntilAsync(
            () => Kubectl("get", "rollout", "rollouts-demo", "-n", Ns, "-o", "jsonpath={.status.phase}/{.status.stableRS}") == $"Healthy/{canary}",
            "the timed pauses run out on the fast clock and the canary becomes stable");
        Weights().Should().Be("100 0");
        Kubectl("get", "dr", "rollout-destrule", "-n", Ns, "-o", "jsonpath={.spec.subsets[*].labels.rollouts-pod-template-hash}")
            .Should().Be($"{canary} {canary}");
    }

    [Fact]
    public async Task The_kubeconfig_loads_in_KubernetesClient_and_the_HPA_loop_scales_the_rollout()
    {
        await using var sandbox = await StartAsync(hpaUtilization: 25);

        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.KubeconfigPath);
        config.Host.Should().Be(sandbox.Server);
        using var client = new Kubernetes(config);
        (await client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).Should().Contain("istio-system");

        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("examples", "istio-subset"), "*.yaml").Order(StringComparer.Ordinal))
        {
            await sandbox.Emulator.ApplyManifestFileAsync(file);
        }

        // The example's HPA targets 10 % CPU with 2..6 replicas: at 25 % it asks for ceil(5 × 2.5) = 13, capped at 6.
        await UntilAsync(
            async () => (await client.CustomObjects.GetNamespacedCustomObjectScaleAsync<k8s.Models.V1Scale>("argoproj.io", "v1alpha1", Ns, "rollouts", "rollouts-demo")).Spec.Replicas == 6,
            "the HPA writes 6 replicas through the Rollout's /scale");
    }

    [Fact]
    public async Task Banner_prints_the_export_line_and_the_next_commands()
    {
        await using var sandbox = await StartAsync();

        var banner = SandboxCommand.Banner(sandbox);

        banner.Should().Contain($"export KUBECONFIG={sandbox.KubeconfigPath}\n")
            .And.Contain(sandbox.Server)
            .And.Contain("time runs 60× faster")
            .And.Contain("kubectl apply -f examples/istio-subset/")
            .And.Contain("""--subresource status --type merge -p '{"status":{"pauseConditions":null}}'""");
        File.ReadAllText(sandbox.KubeconfigPath).Should().Contain($"server: {sandbox.Server}").And.Contain(KubeApiEmulator.PlaceholderToken);
    }

    [Theory]
    [InlineData(new[] { "--time-scale", "0.5" }, "--time-scale")]
    [InlineData(new[] { "--bind", "localhost:1" }, "--bind")]
    [InlineData(new[] { "--port", "70000" }, "--port")]
    [InlineData(new[] { "--pod-ready-delay", "soon" }, "--pod-ready-delay")]
    public void Bad_options_name_the_flag(string[] args, string flag)
    {
        var parse = CommandLine.CreateRoot().Parse(["sandbox", .. args]);

        var act = () => SandboxCommand.ToOptions(parse, Path.Combine(_dir, "kubeconfig"));

        act.Should().Throw<FormatException>().Which.Message.Should().StartWith(flag);
    }

    [Fact]
    public void Options_default_to_a_free_loopback_port_real_time_and_the_home_kubeconfig()
    {
        var options = SandboxCommand.ToOptions(CommandLine.CreateRoot().Parse(["sandbox"]), SandboxCommand.DefaultKubeconfigPath());

        options.Port.Should().Be(0);
        options.BindAddress.Should().Be("127.0.0.1");
        options.TimeScale.Should().Be(1);
        options.HpaUtilization.Should().BeNull();
        options.KubeconfigPath.Should().EndWith(Path.Combine(".canary-operator", "sandbox.kubeconfig"));
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<Sandbox> StartAsync(double? hpaUtilization = null) =>
        Sandbox.StartAsync(new SandboxOptions
        {
            KubeconfigPath = Path.Combine(_dir, "sandbox.kubeconfig"),
            TimeScale = 60,
            HpaUtilization = hpaUtilization,
            LogLevel = "warn",
            LogOutput = TextWriter.Synchronized(_log),
        });

    private string Weights() =>
        Kubectl("get", "vs", "rollouts-demo-vs2", "-n", Ns, "-o", "jsonpath={.spec.http[?(@.name==\"route-one\")].route[*].weight}");

    /// <summary>Runs kubectl with the sandbox's kubeconfig; a failure fails the test with kubectl's own output.</summary>
    private string Kubectl(params string[] args)
    {
        var result = ExternalTools.Run(
            ExternalTools.Kubectl!,
            ["--kubeconfig", Path.Combine(_dir, "sandbox.kubeconfig"), "--cache-dir", Path.Combine(_dir, "cache"), .. args],
            environment: new Dictionary<string, string> { ["HOME"] = _dir });
        result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}\n{result}\noperator log:\n{_log}");
        return result.StandardOutput.Trim();
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!await condition())
        {
            guard.IsCancellationRequested.Should().BeFalse($"still waiting for: {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
