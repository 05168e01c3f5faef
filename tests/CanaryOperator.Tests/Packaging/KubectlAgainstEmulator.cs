using CanaryOperator.Emulator;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// A fresh API emulator served by Kestrel and the real kubectl pointed at it through a kubeconfig in a temp
/// directory (its own HOME and discovery cache, so runs never share state).
/// </summary>
internal sealed class KubectlAgainstEmulator : IAsyncDisposable
{
    private readonly DirectoryInfo _dir;
    private readonly string _kubeconfig;

    private KubectlAgainstEmulator(KubeApiEmulator api, DirectoryInfo dir)
    {
        Api = api;
        _dir = dir;
        _kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
        api.WriteKubeconfig(_kubeconfig);
    }

    public KubeApiEmulator Api { get; }

    public static async Task<KubectlAgainstEmulator> StartAsync()
    {
        var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = true, SimulateReplicaSets = false, SimulateHpa = false });
        return new KubectlAgainstEmulator(api, Directory.CreateTempSubdirectory("packaging-kubectl-"));
    }

    /// <summary>Writes text into this run's temp directory and returns the path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs kubectl; never throws on a non-zero exit.</summary>
    public ToolResult Run(params string[] arguments) =>
        ExternalTools.Run(
            ExternalTools.Kubectl ?? throw new InvalidOperationException("kubectl is not installed (PATH, $KUBECTL or .tools/bin)"),
            ["--kubeconfig=" + _kubeconfig, "--cache-dir=" + Path.Combine(_dir.FullName, "cache"), .. arguments],
            environment: new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = _dir.FullName, ["KUBECONFIG"] = _kubeconfig },
            timeout: TimeSpan.FromMinutes(2));

    /// <summary>Runs kubectl and fails with its output when it exits non-zero.</summary>
    public string Ok(params string[] arguments)
    {
        var result = Run(arguments);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed: {result}");
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }
}
