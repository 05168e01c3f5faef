using System.CommandLine;

namespace CanaryOperator.Cli;

/// <summary>
/// Dispatches the process's sub-commands: <c>run</c> today; <c>simulate</c> and <c>sandbox</c> are registered as
/// placeholders so the command tree (and its help) is already in its final shape.
/// </summary>
public static class CommandLine
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("canary-operator: Argo Rollouts' canary strategy (Istio, HPA) as a Kubernetes operator");
        root.Add(RunCommand.Create());
        root.Add(NotYet("simulate", "Play a rollout through the real operator against the in-process API emulator (issue 7)"));
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
