using System.Globalization;
using CanaryOperator.KubectlPlugin.Tests.Support;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Commands;

/// <summary>--kubeconfig and --context build the client the way kubectl does (no injected client here, over Kestrel).</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubectl-canary-").FullName;

    [Fact]
    public async Task Context_selects_cluster_and_namespace_from_the_kubeconfig()
    {
        await using var harness = await PluginHarness.StartAsync(kestrel: true);
        harness.Api.EnsureNamespace("team-a");
        await harness.Admin.CustomObjects.CreateNamespacedCustomObjectAsync(RolloutBuilder.Rollout("guestbook", RolloutBuilder.EightSteps()), "argoproj.io", "v1alpha1", "team-a", "rollouts");
        var kubeconfig = WriteKubeconfig(harness.Api.BaseUrl);

        var viaContext = await RunAsync("pause", "guestbook", "--kubeconfig", kubeconfig, "--context", "emulator");
        viaContext.ExitCode.Should().Be(0, viaContext.ToString());
        harness.Api.Get("argoproj.io", "rollouts", "team-a", "guestbook")!["spec"]!["paused"]!.GetValue<bool>().Should().BeTrue("the context's namespace is team-a");

        var currentContext = await RunAsync("pause", "guestbook", "--kubeconfig", kubeconfig);
        currentContext.ExitCode.Should().Be(1, "the current context points at a closed port");
        currentContext.Error.Should().StartWith("error: cannot reach the Kubernetes API server");

        var missingContext = await RunAsync("pause", "guestbook", "--kubeconfig", kubeconfig, "--context", "nope");
        missingContext.ExitCode.Should().Be(1);
        missingContext.Error.Should().StartWith("error: invalid kubeconfig").And.Contain("nope");

        var missingFile = await RunAsync("pause", "guestbook", "--kubeconfig", Path.Combine(_dir, "absent"));
        missingFile.ExitCode.Should().Be(1);
        missingFile.Error.Should().Contain("does not exist");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<PluginRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KubectlCanary.RunAsync(args, client: null, output, error);
        return new PluginRun(code, output.ToString(), error.ToString());
    }

    private string WriteKubeconfig(string server)
    {
        var path = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: {server}
            - name: closed
              cluster:
                server: http://127.0.0.1:9
            users:
            - name: anonymous
              user: {"{}"}
            contexts:
            - name: emulator
              context:
                cluster: emulator
                user: anonymous
                namespace: team-a
            - name: closed
              context:
                cluster: closed
                user: anonymous
            current-context: closed

            """));
        return path;
    }
}
