using System.CommandLine;
using CanaryOperator.KubectlPlugin.Commands;
using k8s;

namespace CanaryOperator.KubectlPlugin;

/// <summary>
/// The entry point of <c>kubectl canary</c>, callable in process: tests pass a client bound to the emulator and
/// writers to capture what a user would see; the executable passes null and the console.
/// </summary>
public static class KubectlCanary
{
    /// <summary>Runs one command line; returns the process exit code (0 = success).</summary>
    /// <param name="client">A ready client (then <c>--kubeconfig</c>/<c>--context</c> are not read); null = build one from the kubeconfig.</param>
    /// <param name="clock">"Now" for <c>restart --in</c>; the system clock when null.</param>
    public static int Run(string[] args, IKubernetes? client, TextWriter output, TextWriter error, TimeProvider? clock = null) =>
        RunAsync(args, client, output, error, clock).GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public static async Task<int> RunAsync(string[] args, IKubernetes? client, TextWriter output, TextWriter error,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var context = new PluginContext(client, output, error, clock ?? TimeProvider.System);
        var root = BuildRootCommand(context);
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command tree; one file per sub-command under <c>Commands/</c>.</summary>
    public static RootCommand BuildRootCommand(PluginContext context)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("kubectl canary: inspect and drive Argo-Rollouts-compatible canary Rollouts (argoproj.io/v1alpha1).");
        globals.AddTo(root);
        root.Add(GetCommand.Create(globals, context));
        root.Add(PromoteCommand.Create(globals, context));
        root.Add(AbortCommand.Create(globals, context));
        root.Add(RetryCommand.Create(globals, context));
        root.Add(PauseCommand.Create(globals, context));
        root.Add(ResumeCommand.Create(globals, context));
        root.Add(RestartCommand.Create(globals, context));
        root.Add(UndoCommand.Create(globals, context));
        return root;
    }
}
