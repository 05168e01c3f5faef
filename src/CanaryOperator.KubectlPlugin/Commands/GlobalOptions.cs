using System.CommandLine;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>
/// kubectl's connection flags, accepted after any sub-command (kubectl hands a plugin every argument after its
/// name, so <c>kubectl canary get x -n ns</c> reaches us as <c>get x -n ns</c>).
/// </summary>
public sealed class GlobalOptions
{
    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Namespace of the rollout (default: the kubeconfig context's namespace, else \"default\")",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use",
        Recursive = true,
    };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Namespace);
        root.Add(Context);
        root.Add(Kubeconfig);
    }

    /// <summary>The values given on this command line.</summary>
    public ConnectionFlags Read(ParseResult result) =>
        new(result.GetValue(Kubeconfig), result.GetValue(Context), result.GetValue(Namespace));
}

/// <summary>The parsed <c>--kubeconfig</c>, <c>--context</c> and <c>--namespace</c> (null = not given).</summary>
public sealed record ConnectionFlags(string? Kubeconfig, string? Context, string? Namespace);
