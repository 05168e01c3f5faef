using CanaryOperator.KubectlPlugin.Tests.Support;
using CanaryOperator.TestSupport;
using FluentAssertions;

namespace CanaryOperator.KubectlPlugin.Tests.Executable;

/// <summary>
/// The real thing: kubectl finds the built <c>kubectl-canary</c> on PATH and runs it against the emulator over
/// Kestrel through a kubeconfig; the emulator's audit log shows the requests, its store the result.
/// </summary>
public sealed class KubectlCanaryExecutableTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("kubectl-canary-home-").FullName;

    [KubectlFact]
    public async Task Kubectl_canary_get_then_promote_through_the_real_kubectl()
    {
        await using var harness = await PluginHarness.StartAsync(kestrel: true);
        await PausedAtStepOne.CreateAsync(harness);
        var kubeconfig = Path.Combine(_home, "kubeconfig");
        harness.Api.WriteKubeconfig(kubeconfig);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = PluginBinary.Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["KUBECONFIG"] = kubeconfig,
            ["HOME"] = _home,
        };

        var plugins = ExternalTools.Run(ExternalTools.Kubectl!, ["plugin", "list", "--name-only"], environment: environment);
        plugins.StandardOutput.Should().Contain("kubectl-canary", plugins.ToString());

        var get = ExternalTools.Run(ExternalTools.Kubectl!, ["canary", "get", PausedAtStepOne.Name], environment: environment);
        get.ExitCode.Should().Be(0, get.ToString());
        get.StandardOutput.Should().Be(PausedAtStepOne.Snapshot);

        harness.Api.Audit.Clear();
        var promote = ExternalTools.Run(ExternalTools.Kubectl!, ["canary", "promote", PausedAtStepOne.Name, "--kubeconfig", kubeconfig, "-n", "default"], environment: environment);
        promote.ExitCode.Should().Be(0, promote.ToString());
        promote.StandardOutput.Should().Be($"rollout '{PausedAtStepOne.Name}' promoted\n");
        var write = harness.Api.Audit.Entries.Where(e => e.IsWrite).Should().ContainSingle().Subject;
        (write.Verb, write.Resource, write.Subresource, write.StatusCode).Should().Be(("patch", "rollouts", "status", 200));
        write.ContentType.Should().StartWith("application/merge-patch+json");
        var status = harness.Stored(PausedAtStepOne.Name)["status"]!;
        status["pauseConditions"].Should().BeNull();
        status["controllerPause"]!.GetValue<bool>().Should().BeTrue();

        var missing = ExternalTools.Run(ExternalTools.Kubectl!, ["canary", "abort", "nope"], environment: environment);
        missing.ExitCode.Should().NotBe(0);
        missing.StandardError.Should().Contain("rollouts.argoproj.io \"nope\" not found");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
