// kubectl-canary: the kubectl plugin (get, promote, abort, retry, pause, resume, restart).
using CanaryOperator.KubectlPlugin;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C ends `get --watch` cleanly (exit 0) instead of killing the process mid-write.
    e.Cancel = true;
    cancel.Cancel();
};
return await KubectlCanary.RunAsync(args, client: null, Console.Out, Console.Error, cancellationToken: cancel.Token);
