namespace CanaryOperator.Hosting;

/// <summary>A startup problem the user must fix (no cluster, CRD missing, RBAC); its message is printed as is.</summary>
public sealed class OperatorStartupException : Exception
{
    public OperatorStartupException()
    {
    }

    public OperatorStartupException(string message)
        : base(message)
    {
    }

    public OperatorStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
