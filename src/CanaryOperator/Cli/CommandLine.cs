namespace CanaryOperator.Cli;

/// <summary>Dispatches the process's sub-commands.</summary>
public static class CommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("canary-operator: no sub-command is implemented yet (simulate lands with issue 7).");
        return 2;
    }
}
