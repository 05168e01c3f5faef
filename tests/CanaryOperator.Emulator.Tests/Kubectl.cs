using System.Diagnostics;

namespace CanaryOperator.Emulator.Tests;

/// <summary>Runs the real kubectl against an emulator through a kubeconfig in a temp dir.</summary>
internal sealed class Kubectl : IDisposable
{
    private readonly string _dir;
    private readonly string _kubeconfig;

    public Kubectl(KubeApiEmulator api)
    {
        _dir = Directory.CreateTempSubdirectory("emulator-kubectl-").FullName;
        _kubeconfig = Path.Combine(_dir, "kubeconfig");
        api.WriteKubeconfig(_kubeconfig);
    }

    /// <summary>The kubectl binary, or null when none is installed.</summary>
    public static string? Binary { get; } = Find();

    public string Dir => _dir;

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Binary ?? throw new InvalidOperationException("kubectl is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        psi.ArgumentList.Add("--cache-dir=" + Path.Combine(_dir, "cache"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HOME"] = _dir;
        psi.Environment["KUBECONFIG"] = _kubeconfig;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and throws with kubectl's output when it exits non-zero.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {code}:\n{stdout}\n{stderr}");
        }

        return stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
