namespace CanaryOperator.KubectlPlugin.Kube;

/// <summary>A failure to report to the user as one line (<c>error: ...</c>) with a non-zero exit code.</summary>
public sealed class PluginException : Exception
{
    public PluginException(string message)
        : base(message)
    {
    }

    public PluginException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PluginException()
    {
    }
}
