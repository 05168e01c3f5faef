using System.Diagnostics;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>The driver's handle on a <c>serve-emulator</c> child process (this same assembly, run by <c>dotnet</c>).</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, string kubeconfig, string url)
    {
        _process = process;
        Kubeconfig = kubeconfig;
        Url = url;
    }

    public string Kubeconfig { get; }

    public string Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<EmulatorProcess> StartAsync(string kubeconfig)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EmulatorProcess).Assembly.Location);
        start.ArgumentList.Add("serve-emulator");
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator process");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"emulator did not start: '{line}'");
        }

        return new EmulatorProcess(process, kubeconfig, line["ready ".Length..]);
    }

    /// <summary>Sends one command and returns the lines before <c>end</c>.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        var lines = new List<string>();
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line && line != "end")
        {
            lines.Add(line);
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync("quit").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
