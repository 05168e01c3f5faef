namespace CanaryOperator.Runtime.Informers;

/// <summary>An <see cref="IListWatch{T}"/> yielded an ERROR event instead of throwing; treated like 410 Gone.</summary>
public sealed class WatchErrorEventException : Exception
{
    public WatchErrorEventException()
    {
    }

    public WatchErrorEventException(string message)
        : base(message)
    {
    }

    public WatchErrorEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
