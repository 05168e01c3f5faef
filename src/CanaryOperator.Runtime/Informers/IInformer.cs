namespace CanaryOperator.Runtime.Informers;

/// <summary>The type-independent face of an informer, for the host and health checks.</summary>
public interface IInformer
{
    string Name { get; }

    /// <summary>True once the first full LIST has been cached and its events delivered.</summary>
    bool HasSynced { get; }

    /// <summary>True while <see cref="RunAsync"/> is executing.</summary>
    bool IsRunning { get; }

    /// <summary>True once <see cref="RunAsync"/> has returned (cancelled or crashed); false before it starts.</summary>
    bool HasStopped { get; }

    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
