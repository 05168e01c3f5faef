namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>Exit code and what the plugin printed.</summary>
public sealed record PluginRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
