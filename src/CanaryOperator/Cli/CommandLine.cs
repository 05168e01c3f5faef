using System.CommandLine;

namespace CanaryOperator.Cli;

/// <summary>
/// Dispatches the process's sub-commands: <c>run</c> (in a cluster), <c>simulate</c> (no cluster) and <c>sandbox</c>
/// (an emulated cluster for kubectl).
/// </summary>
public static class CommandLine
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("canary-operator: Argo Rollouts' canary strategy (Istio, HPA) as a Kubernetes operator");
        root.Add(RunCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(SandboxCommand.Create());
        return root;
    }

    public static int Run(string[] args) => CreateRoot().Parse(args).Invoke();
}
