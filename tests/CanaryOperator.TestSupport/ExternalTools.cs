using System.Diagnostics;

namespace CanaryOperator.TestSupport;

/// <summary>
/// Finds the real command-line tools some tests drive (helm, kubectl). helm is not on a fresh machine, so the
/// first test that needs it runs <c>.ci/install-tools.sh</c> (npm package → <c>.tools/bin</c>); that keeps the
/// README's plain <c>dotnet test</c> working everywhere without a separate setup step.
/// </summary>
public static class ExternalTools
{
    private static readonly Lazy<string> HelmLazy = new(FindOrInstallHelm);
    private static readonly Lazy<string?> KubectlLazy = new(FindKubectl);

    /// <summary>Path of a working helm binary; installs it on first use if needed.</summary>
    public static string Helm => HelmLazy.Value;

    /// <summary>Path of kubectl: <c>$KUBECTL</c>, then PATH, then the copy installed beside helm; null if none.</summary>
    public static string? Kubectl => KubectlLazy.Value;

    /// <summary>Runs a tool and returns its exit code, stdout and stderr. Never throws on a non-zero exit.</summary>
    public static ToolResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        // A hang guard only: these tools answer in seconds; tests assert results, never durations.
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindOrInstallHelm()
    {
        var fromEnv = Environment.GetEnvironmentVariable("HELM");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var local = RepoPaths.InRepo(".tools", "bin", "helm");
        if (!File.Exists(local))
        {
            var result = Run("bash", [RepoPaths.InRepo(".ci", "install-tools.sh")], timeout: TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0 || !File.Exists(local))
            {
                throw new InvalidOperationException(
                    $"helm is not installed and .ci/install-tools.sh failed (exit {result.ExitCode}): {result.StandardError}");
            }
        }

        return local;
    }

    private static string? FindKubectl()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KUBECTL");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        var local = RepoPaths.InRepo(".tools", "bin", "kubectl");
        return File.Exists(local) ? local : null;
    }
}

/// <summary>What a finished tool run printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
