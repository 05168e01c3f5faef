using System.CommandLine;

namespace CanaryOperator.Cli;

/// <summary>
/// Dispatches the process's sub-commands: <c>run</c> and <c>simulate</c>; <c>sandbox</c> is registered as a
/// placeholder so the command tree (and its help) is already in its final shape.
/// </summary>
public static class CommandLine
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("canary-operator: Argo Rollouts' canary strategy (Istio, HPA) as a Kubernetes operator");
        root.Add(RunCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(NotYet("sandbox", "Start the API emulator with the operator for kubectl experiments (later issue)"));
        return root;
    }

    public static int Run(string[] args) => CreateRoot().Parse(args).Invoke();

    private static Command NotYet(string name, string description)
    {
        var command = new Command(name, description);
        command.Add(new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore });
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"canary-operator: '{name}' is not available yet.");
            return 2;
        });
        return command;
    }
}
